// Command barebot is the floor of planbench: a slack-go Socket Mode bot
// that acks every envelope at once, with an empty payload, and does
// nothing else. It reads SLACK_APP_TOKEN, SLACK_BOT_TOKEN and
// SLACK_API_URL like planbot, and stops on SIGINT or SIGTERM.
package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "barebot:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context) error {
	apiURL := os.Getenv("SLACK_API_URL")
	if !strings.HasSuffix(apiURL, "/") {
		apiURL += "/"
	}
	api := slack.New(os.Getenv("SLACK_BOT_TOKEN"),
		slack.OptionAPIURL(apiURL),
		slack.OptionAppLevelToken(os.Getenv("SLACK_APP_TOKEN")),
		slack.OptionHTTPClient(&http.Client{Timeout: 30 * time.Second}),
	)
	sock := socketmode.New(api)
	errc := make(chan error, 1)
	go func() { errc <- sock.RunContext(ctx) }()
	for {
		select {
		case <-ctx.Done():
			<-errc
			return nil
		case err := <-errc:
			if ctx.Err() != nil {
				return nil
			}
			return err
		case evt := <-sock.Events:
			// Ack in the reading goroutine, as the simplest slack-go bot does:
			// nothing else happens, so nothing can be slower.
			if evt.Request != nil && evt.Request.EnvelopeID != "" {
				ackCtx, cancel := context.WithTimeout(ctx, 2*time.Second)
				_ = sock.AckCtx(ackCtx, evt.Request.EnvelopeID, nil)
				cancel()
			}
		}
	}
}
