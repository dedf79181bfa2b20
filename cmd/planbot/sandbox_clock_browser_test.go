package main

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/slack-go/slack"

	"github.com/planbot/planbot/sandbox"
)

// testWall is a wall clock a test sets: the sandbox's clock runs ahead of
// it, so the test decides when a minute turns.
type testWall struct {
	mu  sync.Mutex
	now time.Time
}

func (w *testWall) Now() time.Time {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.now
}

func (w *testWall) Set(t time.Time) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.now = t
}

// widePNG is a chart-sized image, w×h, with a frame so it is not blank.
func widePNG(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := range w {
		for y := range h {
			c := color.RGBA{R: 255, G: 255, B: 255, A: 255}
			if x < 4 || y < 4 || x >= w-4 || y >= h-4 || y == h-x*h/w {
				c = color.RGBA{R: 18, G: 100, B: 163, A: 255}
			}
			img.SetRGBA(x, y, c)
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestSandboxBrowserClockAndCharts checks, on a sandbox whose wall clock
// the test holds, that the top-bar clock turns its minute with no event
// from the server, that +1 month lands on the same time next month (the
// last day of February from 30 January), and that a chart in a thread fits
// the thread pane, keeps its aspect ratio and links to the full size.
func TestSandboxBrowserClockAndCharts(t *testing.T) {
	b := newBrowser(t)
	wall := &testWall{now: time.Date(2026, 1, 30, 9, 59, 58, 0, time.UTC)}
	app := startTestSandboxWith(t, func(o *sandboxOptions) { o.Wall = wall.Now })
	b.do(t, "open the page",
		chromedp.EmulateViewport(1280, 800),
		chromedp.Navigate(app.URL+"#u="+sandbox.UserAna+"&c="+sandbox.ChannelSocial),
		chromedp.WaitVisible(chromedp.CSS(`body[data-live="1"]`)),
		waitText("#clock", "Fri 30 Jan 2026, 09:59 GMT"),
	)

	t.Run("ClockTicks", func(t *testing.T) {
		// The minute turns on the wall clock alone: no advance, no event.
		// The page asked for the time when it was 09:59:58, and was told
		// the label changes in 2 s: it asks again then and shows 10:00.
		calls := len(app.Slack.Calls(""))
		wall.Set(time.Date(2026, 1, 30, 10, 0, 30, 0, time.UTC))
		b.do(t, "see the clock turn to 10:00 by itself", waitText("#clock", "Fri 30 Jan 2026, 10:00 GMT"))
		if n := len(app.Slack.Calls("")); n != calls {
			t.Errorf("%d Web API calls while the clock ticked: something else moved the page", n-calls)
		}
	})

	t.Run("PlusOneMonth", func(t *testing.T) {
		b.do(t, "advance a month from 30 January",
			chromedp.Click(chromedp.CSS(`[data-advance-months="1"]`)),
			waitText("#clock", "Sat 28 Feb 2026, 10:00 GMT"),
			waitText("#clock-offset", "29 d ahead"),
			chromedp.Click(chromedp.CSS(`.user-btn[data-user="`+sandbox.UserCamille+`"]`)),
			waitText("#clock", "Sat 28 Feb 2026, 11:00 CET"),
			chromedp.Click(chromedp.CSS(`.user-btn[data-user="`+sandbox.UserAna+`"]`)),
			waitText("#clock", "10:00 GMT"),
		)
		if got, want := app.Main.Now(), time.Date(2026, 2, 28, 10, 0, 30, 0, time.UTC); !got.Equal(want) {
			t.Errorf("the bot's clock after +1 month = %s, want %s", got, want)
		}
	})

	t.Run("ChartFitsThread", func(t *testing.T) {
		// A chart as the bot posts it (1536×768: twice Slack's thumbnail),
		// in the thread of a review note.
		api := slack.New("xoxb-sandbox", slack.OptionAPIURL(app.Slack.APIURL()))
		ctx := context.Background()
		_, parent, err := api.PostMessageContext(ctx, sandbox.ChannelSocial, slack.MsgOptionText("Monthly review: the chart is in the thread", false))
		if err != nil {
			t.Fatal(err)
		}
		chart := widePNG(t, 1536, 768)
		file, err := api.UploadFileContext(ctx, slack.UploadFileParameters{
			Filename: "signups.png", Title: "Newsletter signups", Reader: bytes.NewReader(chart), FileSize: len(chart),
			Channel: sandbox.ChannelSocial, ThreadTimestamp: parent,
		})
		if err != nil {
			t.Fatal(err)
		}
		img := `#thread-messages img.msg-file-image`
		b.do(t, "open the thread with the chart",
			waitText("#messages", "Monthly review"),
			waitTrue(`[...document.querySelectorAll('#messages .msg')].some(m => m.innerText.includes('Monthly review') && m.querySelector('.msg-replies'))`),
			chromedp.Evaluate[chromedp.Void](`[...document.querySelectorAll('#messages .msg')].find(m => m.innerText.includes('Monthly review')).querySelector('.msg-replies').click()`),
			waitTrue(fmt.Sprintf(`(() => { const i = document.querySelector(%s); return !!i && i.complete && i.naturalWidth > 0; })()`, js(img))),
		)
		type box struct {
			W, H, NaturalW, NaturalH, Left, Right, PaneLeft, PaneRight float64
			ScrollW, ClientW                                           float64
			Href, Target                                               string
		}
		got, err := chromedp.Run(b.ctx, chromedp.Evaluate[box](`(() => {
			const img = document.querySelector('#thread-messages img.msg-file-image');
			const pane = document.querySelector('#thread-messages');
			const r = img.getBoundingClientRect(), p = pane.getBoundingClientRect(), a = img.closest('a');
			return {W: r.width, H: r.height, NaturalW: img.naturalWidth, NaturalH: img.naturalHeight,
				Left: r.left, Right: r.right, PaneLeft: p.left, PaneRight: p.right,
				ScrollW: pane.scrollWidth, ClientW: pane.clientWidth,
				Href: a ? a.getAttribute('href') : '', Target: a ? a.target : ''};
		})()`))
		if err != nil {
			t.Fatal(err)
		}
		if got.NaturalW != 1536 || got.NaturalH != 768 {
			t.Fatalf("chart loaded as %v×%v, want 1536×768", got.NaturalW, got.NaturalH)
		}
		if got.Left < got.PaneLeft || got.Right > got.PaneRight || got.ScrollW > got.ClientW {
			t.Errorf("chart spans %v..%v in a thread pane of %v..%v (scroll width %v, client %v): it overflows", got.Left, got.Right, got.PaneLeft, got.PaneRight, got.ScrollW, got.ClientW)
		}
		if got.W < 200 || got.W >= got.NaturalW {
			t.Errorf("chart shown %v px wide in the thread; want it scaled to the pane", got.W)
		}
		if ratio := got.W / got.H; math.Abs(ratio-2) > 0.02 {
			t.Errorf("chart shown %v×%v (ratio %.3f), want the aspect ratio 2 kept", got.W, got.H, ratio)
		}
		if got.Href != "/files/"+file.ID || got.Target != "_blank" {
			t.Errorf("chart link = %q target %q, want /files/%s in a new tab, to open it full size", got.Href, got.Target, file.ID)
		}
	})
}
