package sandbox

// Workspace is the sandbox's Slack workspace: the members the page can act
// as, other members, the channels, and a few messages to start from.
type Workspace struct {
	Users    []User // offered by the user switcher, first one by default
	Others   []User // members the page cannot act as (a social feed)
	Channels []Channel
	Messages []SeedMessage
	// TZ is the IANA zone of the workspace's calendar: "+1 month" moves
	// the clock to the same day and time next month there.
	TZ string
}

// SeedMessage is a message a member posted before the sandbox started.
type SeedMessage struct {
	Channel, User, Text string
}

// Ids of DefaultWorkspace, for tests.
const (
	UserAna       = "UANA"
	UserCamille   = "UCAMI"
	UserFeed      = "USOCIAL"
	ChannelSocial = "CSOCIAL"
	ChannelB      = "CCLIENTB"
	ChannelFeed   = "CFEED"
)

// DefaultWorkspace is an agency's workspace: Ana (English) and Camille
// (French), a channel per client plan, and a channel where mentions from
// the networks arrive, to try message shortcuts on.
func DefaultWorkspace() Workspace {
	return Workspace{
		Users: []User{
			{ID: UserAna, Name: "ana", RealName: "Ana", Locale: "en-US", TZ: "Europe/London"},
			{ID: UserCamille, Name: "camille", RealName: "Camille", Locale: "fr-FR", TZ: "Europe/Paris"},
		},
		Others: []User{
			{ID: UserFeed, Name: "social-feed", RealName: "Social feed", Locale: "en-US", TZ: "UTC"},
		},
		Channels: []Channel{
			{ID: ChannelSocial, Name: "acme-social", Topic: "Acme's social media plan"},
			{ID: ChannelB, Name: "client-b", Topic: "Another client: each channel has its own plan"},
			{ID: ChannelFeed, Name: "social-feed", Topic: "Mentions from the networks: try the message shortcuts here"},
		},
		TZ: "Europe/London",
		Messages: []SeedMessage{
			{ChannelFeed, UserFeed, "New mention on Instagram from @lea.bakes: \"Do you ship your coffee beans to Canada? Asking before I order.\""},
			{ChannelFeed, UserFeed, "New comment on LinkedIn from Marc D.: \"Your post on cold brew was great. Any chance of a workshop in Lyon?\""},
			{ChannelFeed, UserFeed, "New review on Google from J. Martin: \"Order #1042 arrived late & the bag was torn <again>.\""},
		},
	}
}
