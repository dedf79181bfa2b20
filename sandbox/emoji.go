package sandbox

import "strings"

// emojis maps Slack's emoji short names (those of iamcal/emoji-data,
// which Slack uses) to Unicode: every short name planbot's catalogue and
// views use (TestEmojiCoversTheBot checks), and a common set people type.
// A name missing here is shown as typed, as Slack shows an unknown one.
var emojis = map[string]string{
	"+1": "👍", "-1": "👎", "100": "💯", "alarm_clock": "⏰", "alien": "👽", "apple": "🍎",
	"arrow_backward": "◀️", "arrow_down": "⬇️", "arrow_down_small": "🔽", "arrow_forward": "▶️",
	"arrow_left": "⬅️", "arrow_right": "➡️", "arrow_right_hook": "↪️", "arrow_up": "⬆️",
	"arrow_up_small": "🔼", "arrows_clockwise": "🔃", "arrows_counterclockwise": "🔄", "art": "🎨",
	"athletic_shoe": "👟", "avocado": "🥑", "baguette_bread": "🥖", "balloon": "🎈",
	"ballot_box_with_check": "☑️", "banana": "🍌", "bangbang": "‼️", "bank": "🏦", "bar_chart": "📊",
	"bee": "🐝", "beer": "🍺", "beers": "🍻", "bell": "🔔", "bike": "🚲", "birthday": "🎂",
	"black_circle": "⚫", "black_heart": "🖤", "black_large_square": "⬛", "black_nib": "✒️",
	"blue_heart": "💙", "blush": "😊", "book": "📖", "bookmark": "🔖", "bookmark_tabs": "📑",
	"books": "📚", "boom": "💥", "brain": "🧠", "bread": "🍞", "briefcase": "💼", "broken_heart": "💔",
	"bulb": "💡", "bust_in_silhouette": "👤", "busts_in_silhouette": "👥", "cake": "🍰",
	"calendar": "📆", "camera": "📷", "camera_with_flash": "📸", "candy": "🍬", "car": "🚗",
	"card_index": "📇", "cat": "🐱", "champagne": "🍾", "chart": "💹",
	"chart_with_downwards_trend": "📉", "chart_with_upwards_trend": "📈", "checkered_flag": "🏁",
	"cherries": "🍒", "cherry_blossom": "🌸", "chocolate_bar": "🍫", "clap": "👏", "clapper": "🎬",
	"clinking_glasses": "🥂", "clipboard": "📋", "clock1": "🕐", "clock12": "🕛", "clock3": "🕒",
	"clock9": "🕘", "cloud": "☁️", "coffee": "☕", "computer": "💻", "confetti_ball": "🎊",
	"confused": "😕", "construction": "🚧", "cookie": "🍪", "cool": "🆒", "copyright": "©️",
	"credit_card": "💳", "croissant": "🥐", "crossed_fingers": "🤞", "crown": "👑", "cry": "😢",
	"dancer": "💃", "dart": "🎯", "dash": "💨", "date": "📅", "de": "🇩🇪", "deciduous_tree": "🌳",
	"desktop_computer": "🖥️", "dog": "🐶", "dollar": "💵", "doughnut": "🍩", "dress": "👗",
	"e-mail": "📧", "earth_africa": "🌍", "earth_americas": "🌎", "earth_asia": "🌏", "email": "✉️",
	"envelope": "✉️", "envelope_with_arrow": "📩", "es": "🇪🇸", "euro": "💶", "evergreen_tree": "🌲",
	"exclamation": "❗", "exploding_head": "🤯", "eye": "👁️", "eyeglasses": "👓", "eyes": "👀",
	"face_palm": "🤦", "face_with_rolling_eyes": "🙄", "facepunch": "👊", "file_folder": "📁",
	"fire": "🔥", "first_place_medal": "🥇", "fist": "✊", "flag-ca": "🇨🇦", "flag-de": "🇩🇪",
	"flag-es": "🇪🇸", "flag-fr": "🇫🇷", "flag-gb": "🇬🇧", "flag-it": "🇮🇹", "flag-jp": "🇯🇵",
	"flag-us": "🇺🇸", "four_leaf_clover": "🍀", "fr": "🇫🇷", "free": "🆓", "gb": "🇬🇧", "gear": "⚙️",
	"gem": "💎", "ghost": "👻", "gift": "🎁", "globe_with_meridians": "🌐", "grapes": "🍇",
	"green_apple": "🍏", "green_heart": "💚", "grey_exclamation": "❕", "grey_question": "❔",
	"grimacing": "😬", "grin": "😁", "grinning": "😀", "hammer": "🔨", "hammer_and_wrench": "🛠️",
	"handbag": "👜", "handshake": "🤝", "hash": "#️⃣", "headphones": "🎧", "hear_no_evil": "🙉",
	"heart": "❤️", "heart_eyes": "😍", "heavy_check_mark": "✔️", "heavy_division_sign": "➗",
	"heavy_dollar_sign": "💲", "heavy_exclamation_mark": "❗", "heavy_minus_sign": "➖",
	"heavy_multiplication_x": "✖️", "heavy_plus_sign": "➕", "herb": "🌿", "hospital": "🏥",
	"hot_pepper": "🌶️", "hotel": "🏨", "hourglass": "⌛", "hourglass_flowing_sand": "⏳",
	"house": "🏠", "hugging_face": "🤗", "ice_cream": "🍨", "inbox_tray": "📥",
	"incoming_envelope": "📨", "information_source": "ℹ️", "innocent": "😇", "interrobang": "⁉️",
	"iphone": "📱", "it": "🇮🇹", "jeans": "👖", "jigsaw": "🧩", "joy": "😂", "jp": "🇯🇵", "key": "🔑",
	"keyboard": "⌨️", "keycap_ten": "🔟", "label": "🏷️", "large_blue_circle": "🔵",
	"large_blue_diamond": "🔷", "large_blue_square": "🟦", "large_brown_circle": "🟤",
	"large_green_circle": "🟢", "large_green_square": "🟩", "large_orange_circle": "🟠",
	"large_orange_diamond": "🔶", "large_orange_square": "🟧", "large_purple_circle": "🟣",
	"large_purple_square": "🟪", "large_red_square": "🟥", "large_yellow_circle": "🟡",
	"large_yellow_square": "🟨", "laughing": "😆", "ledger": "📒", "leftwards_arrow_with_hook": "↩️",
	"lemon": "🍋", "link": "🔗", "linked_paperclips": "🖇️", "lipstick": "💄", "lock": "🔒",
	"loudspeaker": "📢", "newspaper": "📰", "mag": "🔍", "mag_right": "🔎", "mailbox": "📫", "medal": "🏅", "mega": "📣",
	"memo": "📝", "microphone": "🎤", "microscope": "🔬", "money_with_wings": "💸", "moneybag": "💰",
	"movie_camera": "🎥", "muscle": "💪", "musical_note": "🎵", "negative_squared_cross_mark": "❎",
	"neutral_face": "😐", "new": "🆕", "no_bell": "🔕", "no_entry": "⛔", "no_entry_sign": "🚫",
	"notebook": "📓", "notes": "🎶", "nut_and_bolt": "🔩", "octagonal_sign": "🛑", "office": "🏢",
	"ok": "🆗", "ok_hand": "👌", "one": "1️⃣", "open_file_folder": "📂", "orange_heart": "🧡",
	"outbox_tray": "📤", "package": "📦", "page_facing_up": "📄", "page_with_curl": "📃",
	"palm_tree": "🌴", "paperclip": "📎", "partying_face": "🥳", "peach": "🍑", "pencil": "📝",
	"pencil2": "✏️", "performing_arts": "🎭", "pizza": "🍕", "point_down": "👇", "point_left": "👈",
	"point_right": "👉", "point_up": "☝️", "point_up_2": "👆", "pound": "💷", "pray": "🙏",
	"punch": "👊", "purple_heart": "💜", "pushpin": "📌", "question": "❓", "radio_button": "🔘",
	"rage": "😡", "rainbow": "🌈", "raised_hand": "✋", "raised_hands": "🙌", "raising_hand": "🙋",
	"recycle": "♻️", "red_car": "🚗", "red_circle": "🔴", "registered": "®️", "relieved": "😌",
	"repeat": "🔁", "robot_face": "🤖", "rocket": "🚀", "rose": "🌹", "rotating_light": "🚨",
	"round_pushpin": "📍", "runner": "🏃", "running": "🏃", "satisfied": "😆", "school": "🏫",
	"school_satchel": "🎒", "scissors": "✂️", "scream": "😱", "second_place_medal": "🥈",
	"see_no_evil": "🙈", "seedling": "🌱", "selfie": "🤳", "shirt": "👕", "shopping_bags": "🛍️",
	"shopping_trolley": "🛒", "shrug": "🤷", "shushing_face": "🤫", "skin-tone-2": "🏻",
	"skin-tone-3": "🏼", "skin-tone-4": "🏽", "skin-tone-5": "🏾", "skin-tone-6": "🏿", "skull": "💀",
	"sleeping": "😴", "slightly_smiling_face": "🙂", "small_blue_diamond": "🔹",
	"small_orange_diamond": "🔸", "small_red_triangle": "🔺", "small_red_triangle_down": "🔻",
	"smile": "😄", "smiley": "😃", "snail": "🐌", "snowflake": "❄️", "sob": "😭", "soon": "🔜",
	"sos": "🆘", "sparkles": "✨", "sparkling_heart": "💖", "speak_no_evil": "🙊",
	"speech_balloon": "💬", "spiral_calendar_pad": "🗓️", "spiral_note_pad": "🗒️",
	"sports_medal": "🏅", "star": "⭐", "star-struck": "🤩", "star2": "🌟", "stopwatch": "⏱️",
	"straight_ruler": "📏", "strawberry": "🍓", "stuck_out_tongue": "😛", "sunflower": "🌻",
	"sunglasses": "😎", "sunny": "☀️", "sweat_drops": "💦", "sweat_smile": "😅", "tada": "🎉",
	"tea": "🍵", "tent": "⛺", "test_tube": "🧪", "thinking_face": "🤔", "third_place_medal": "🥉",
	"thought_balloon": "💭", "three": "3️⃣", "thumbsdown": "👎", "thumbsup": "👍", "ticket": "🎫",
	"timer_clock": "⏲️", "tm": "™️", "top": "🔝", "triangular_flag_on_post": "🚩",
	"triangular_ruler": "📐", "trophy": "🏆", "truck": "🚚", "tshirt": "👕", "tulip": "🌷",
	"turtle": "🐢", "tv": "📺", "two": "2️⃣", "uk": "🇬🇧", "unicorn_face": "🦄", "unlock": "🔓",
	"up": "🆙", "upside_down_face": "🙃", "us": "🇺🇸", "v": "✌️", "video_camera": "📹", "walking": "🚶",
	"warning": "⚠️", "watch": "⌚", "watermelon": "🍉", "wave": "👋", "white_check_mark": "✅",
	"white_circle": "⚪", "white_heart": "🤍", "white_large_square": "⬜", "wine_glass": "🍷",
	"wink": "😉", "world_map": "🗺️", "worried": "😟", "wrench": "🔧", "writing_hand": "✍️", "x": "❌",
	"yellow_heart": "💛", "zap": "⚡", "zzz": "💤",
}

// emojify replaces each :short_name: in s with its emoji, and leaves unknown
// ones as they are. Skin tones (":wave::skin-tone-3:") follow the emoji
// they modify, as Slack writes them.
func emojify(s string) string {
	if !strings.Contains(s, ":") {
		return s
	}
	var out strings.Builder
	for {
		i := strings.IndexByte(s, ':')
		if i < 0 {
			break
		}
		j := strings.IndexByte(s[i+1:], ':')
		if j < 0 {
			break
		}
		if e, ok := emojis[s[i+1:i+1+j]]; ok {
			out.WriteString(s[:i])
			out.WriteString(e)
			s = s[i+j+2:]
			continue
		}
		out.WriteString(s[:i+1])
		s = s[i+1:]
	}
	out.WriteString(s)
	return out.String()
}
