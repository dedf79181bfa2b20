package fakeslack

import (
	"slices"
	"testing"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

func plain(text string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.PlainTextType, text, false, false)
}

func option(value string) *slack.OptionBlockObject {
	return slack.NewOptionBlockObject(value, plain("Option "+value), nil)
}

func modal(callbackID string, blocks ...slack.Block) slack.ModalViewRequest {
	return slack.ModalViewRequest{
		Type:       slack.VTModal,
		Title:      plain("Plan"),
		Submit:     plain("Save"),
		CallbackID: callbackID,
		Blocks:     slack.Blocks{BlockSet: blocks},
	}
}

// mustTrigger runs a slash command and returns its trigger id.
func mustTrigger(t *testing.T, srv *Server, user string) string {
	t.Helper()
	ack, err := srv.SlashCommand(testCtx(t), SlashCommand{Command: "/plan", UserID: user, ChannelID: "C1"})
	if err != nil {
		t.Fatalf("slash command: %v", err)
	}
	return ack.TriggerID
}

func TestViewsOpenTrigger(t *testing.T) {
	srv := MustStart(t, Options{OnBreach: func(Breach) {}}) // the long title below is one
	bot := MustStartBot(t, srv, nil)
	ctx := testCtx(t)
	trig := mustTrigger(t, srv, "U1")
	resp, err := bot.api.OpenViewContext(ctx, trig, modal("goal"))
	if err != nil {
		t.Fatalf("open with fresh trigger: %v", err)
	}
	if v, ok := srv.View(resp.ID); !ok || v.User != "U1" || v.CallbackID != "goal" || v.TriggerID != trig {
		t.Fatalf("view = %+v %v", v, ok)
	}
	if _, err := bot.api.OpenViewContext(ctx, trig, modal("goal")); errString(err) != "expired_trigger_id" {
		t.Fatalf("used trigger: %v", err)
	}
	if _, err := bot.api.OpenViewContext(ctx, "1.2.bogus", modal("goal")); errString(err) != "invalid_trigger_id" {
		t.Fatalf("unknown trigger: %v", err)
	}
	long := modal("goal")
	long.Title = plain("A title far longer than twenty-four")
	if _, err := bot.api.OpenViewContext(ctx, mustTrigger(t, srv, "U1"), long); errString(err) != "invalid_arguments" {
		t.Fatalf("long title: %v", err)
	}
}

func TestViewsOpenExpiredTrigger(t *testing.T) {
	srv := MustStart(t, Options{TriggerTTL: 1})
	bot := MustStartBot(t, srv, nil)
	if _, err := bot.api.OpenViewContext(testCtx(t), mustTrigger(t, srv, "U1"), modal("goal")); errString(err) != "expired_trigger_id" {
		t.Fatalf("err = %v, want expired_trigger_id", err)
	}
}

func formModal() slack.ModalViewRequest {
	prio := slack.NewRadioButtonsBlockElement("prio", option("lo"), option("hi"))
	prio.InitialOption = option("hi")
	return modal("goal",
		slack.NewInputBlock("title", plain("Title"), nil, slack.NewPlainTextInputBlockElement(nil, "value")),
		slack.NewInputBlock("kind", plain("Kind"), nil, slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, nil, "pick", option("a"), option("b"))),
		slack.NewInputBlock("who", plain("Who"), nil, slack.NewOptionsMultiSelectBlockElement(slack.MultiOptTypeUser, nil, "users")),
		slack.NewInputBlock("days", plain("Days"), nil, slack.NewCheckboxGroupsBlockElement("boxes", option("mon"), option("tue"), option("wed"))),
		slack.NewInputBlock("due", plain("Due"), nil, slack.NewDatePickerBlockElement("date")),
		slack.NewInputBlock("note", plain("Note"), nil, slack.NewPlainTextInputBlockElement(nil, "text")),
		slack.NewInputBlock("prio", plain("Priority"), nil, prio),
	)
}

func TestSubmitViewState(t *testing.T) {
	srv := MustStart(t, Options{})
	bot := MustStartBot(t, srv, nil)
	ctx := testCtx(t)
	resp, err := bot.api.OpenViewContext(ctx, mustTrigger(t, srv, "U1"), formModal())
	if err != nil {
		t.Fatal(err)
	}
	bot.next(t) // the slash command
	ack, err := srv.SubmitView(ctx, "U1", resp.ID, map[string]map[string]any{
		"title": {"value": "Launch"},
		"kind":  {"pick": "b"},
		"who":   {"users": []string{"U1", "U2"}},
		"days":  {"boxes": []string{"mon", "wed"}},
		"due":   {"date": "2026-03-29"},
	})
	if err != nil {
		t.Fatalf("submit: %v", err)
	}
	if ack.TriggerID == "" {
		t.Fatal("no trigger id for view_submission")
	}
	cb := bot.next(t).Data.(slack.InteractionCallback)
	if cb.Type != slack.InteractionTypeViewSubmission || cb.View.ID != resp.ID || cb.View.CallbackID != "goal" || cb.View.Hash == "" || cb.User.ID != "U1" || cb.TriggerID != ack.TriggerID {
		t.Fatalf("callback = %+v", cb)
	}
	vals := cb.View.State.Values
	switch {
	case vals["title"]["value"].Value != "Launch" || vals["title"]["value"].Type != "plain_text_input":
		t.Errorf("title = %+v", vals["title"]["value"])
	case vals["kind"]["pick"].SelectedOption.Value != "b" || vals["kind"]["pick"].SelectedOption.Text.Text != "Option b":
		t.Errorf("kind = %+v", vals["kind"]["pick"])
	case !slices.Equal(vals["who"]["users"].SelectedUsers, []string{"U1", "U2"}):
		t.Errorf("who = %+v", vals["who"]["users"])
	case len(vals["days"]["boxes"].SelectedOptions) != 2 || vals["days"]["boxes"].SelectedOptions[1].Value != "wed":
		t.Errorf("days = %+v", vals["days"]["boxes"])
	case vals["due"]["date"].SelectedDate != "2026-03-29":
		t.Errorf("due = %+v", vals["due"]["date"])
	case vals["note"]["text"].Type != "plain_text_input" || vals["note"]["text"].Value != "":
		t.Errorf("note = %+v", vals["note"]["text"])
	case vals["prio"]["prio"].SelectedOption.Value != "hi":
		t.Errorf("prio (initial) = %+v", vals["prio"]["prio"])
	}
	if v, _ := srv.View(resp.ID); !v.Closed || len(srv.OpenViews("U1")) != 0 {
		t.Fatalf("empty ack should close the view: %+v", v)
	}
	if _, err := srv.SubmitView(ctx, "U1", resp.ID, nil); err == nil {
		t.Fatal("submitting a closed view should fail")
	}
}

func TestSubmitViewBadValue(t *testing.T) {
	srv := MustStart(t, Options{})
	bot := MustStartBot(t, srv, nil)
	resp, err := bot.api.OpenViewContext(testCtx(t), mustTrigger(t, srv, "U1"), formModal())
	if err != nil {
		t.Fatal(err)
	}
	for name, values := range map[string]map[string]map[string]any{
		"UnknownOption": {"kind": {"pick": "zzz"}},
		"UnknownBlock":  {"nope": {"x": "y"}},
		"ListForString": {"title": {"value": []string{"a"}}},
	} {
		if _, err := srv.SubmitView(testCtx(t), "U1", resp.ID, values); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestSubmitViewResponseActions(t *testing.T) {
	srv := MustStart(t, Options{})
	next := make(chan any, 1)
	bot := MustStartBot(t, srv, func(evt socketmode.Event) any {
		if evt.Type != socketmode.EventTypeInteractive {
			return nil
		}
		return <-next
	})
	ctx := testCtx(t)
	first := modal("first", slack.NewInputBlock("title", plain("Title"), nil, slack.NewPlainTextInputBlockElement(nil, "value")))
	resp, err := bot.api.OpenViewContext(ctx, mustTrigger(t, srv, "U1"), first)
	if err != nil {
		t.Fatal(err)
	}
	submit := func(payload any) {
		t.Helper()
		next <- payload
		if _, err := srv.SubmitView(ctx, "U1", srv.OpenViews("U1")[len(srv.OpenViews("U1"))-1].ID, nil); err != nil {
			t.Fatal(err)
		}
	}
	submit(slack.NewErrorsViewSubmissionResponse(map[string]string{"title": "required"}))
	if open := srv.OpenViews("U1"); len(open) != 1 || open[0].CallbackID != "first" {
		t.Fatalf("after errors: %+v", open)
	}
	second := modal("second")
	submit(slack.NewUpdateViewSubmissionResponse(&second))
	if open := srv.OpenViews("U1"); len(open) != 1 || open[0].ID != resp.ID || open[0].CallbackID != "second" {
		t.Fatalf("after update: %+v", open)
	}
	third := modal("third")
	submit(slack.NewPushViewSubmissionResponse(&third))
	if open := srv.OpenViews("U1"); len(open) != 2 || open[1].CallbackID != "third" {
		t.Fatalf("after push: %+v", open)
	}
	submit(slack.NewClearViewSubmissionResponse())
	if open := srv.OpenViews("U1"); len(open) != 0 {
		t.Fatalf("after clear: %+v", open)
	}
}

func TestViewsPushUpdatePublish(t *testing.T) {
	srv := MustStart(t, Options{})
	bot := MustStartBot(t, srv, nil)
	ctx := testCtx(t)
	root, err := bot.api.OpenViewContext(ctx, mustTrigger(t, srv, "U1"), modal("v1"))
	if err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		if _, err := bot.api.PushViewContext(ctx, mustTrigger(t, srv, "U1"), modal("push")); err != nil {
			t.Fatalf("push %d: %v", i, err)
		}
	}
	if _, err := bot.api.PushViewContext(ctx, mustTrigger(t, srv, "U1"), modal("push")); errString(err) != "push_limit_reached" {
		t.Fatalf("fourth view: %v", err)
	}
	if _, err := bot.api.UpdateViewContext(ctx, modal("v2"), "", "stale", root.ID); errString(err) != "hash_conflict" {
		t.Fatalf("stale hash: %v", err)
	}
	up, err := bot.api.UpdateViewContext(ctx, modal("v2"), "", root.Hash, root.ID)
	if err != nil || up.ID != root.ID || up.Hash == root.Hash {
		t.Fatalf("update: %+v %v", up, err)
	}
	home := slack.HomeTabViewRequest{Type: slack.VTHomeTab, CallbackID: "home", Blocks: slack.Blocks{BlockSet: []slack.Block{
		slack.NewActionBlock("acts", slack.NewButtonBlockElement("new_goal", "g1", plain("New goal"))),
	}}}
	pub, err := bot.api.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: "U1", View: home})
	if err != nil {
		t.Fatal(err)
	}
	if v, ok := srv.HomeView("U1"); !ok || v.ID != pub.ID || v.Type != "home" {
		t.Fatalf("home = %+v %v", v, ok)
	}
	bot.next(t)
	bot.next(t)
	bot.next(t)
	bot.next(t)
	ack, err := srv.ClickButton(ctx, Click{UserID: "U1", ActionID: "new_goal", ViewID: pub.ID})
	if err != nil || ack.TriggerID == "" {
		t.Fatalf("click: %+v %v", ack, err)
	}
	cb := bot.next(t).Data.(slack.InteractionCallback)
	if len(cb.ActionCallback.BlockActions) != 1 {
		t.Fatalf("actions = %+v", cb.ActionCallback)
	}
	a := cb.ActionCallback.BlockActions[0]
	if a.ActionID != "new_goal" || a.BlockID != "acts" || a.Value != "g1" || a.Type != "button" || cb.Container.Type != "view" || cb.View.ID != pub.ID || cb.TriggerID != ack.TriggerID {
		t.Fatalf("click callback = %+v action %+v", cb, a)
	}
}

func TestClickMessageAndShortcut(t *testing.T) {
	srv := MustStart(t, Options{})
	srv.AddChannel(Channel{ID: "C1", Name: "general", IsMember: true})
	bot := MustStartBot(t, srv, nil)
	ctx := testCtx(t)
	_, ts, err := bot.api.PostMessageContext(ctx, "C1", slack.MsgOptionBlocks(
		slack.NewActionBlock("acts", slack.NewOverflowBlockElement("more", option("edit"), option("delete"))),
	))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := srv.ClickButton(ctx, Click{UserID: "U1", ActionID: "more", SelectedOption: "delete", ChannelID: "C1", MessageTS: ts}); err != nil {
		t.Fatal(err)
	}
	cb := bot.next(t).Data.(slack.InteractionCallback)
	a := cb.ActionCallback.BlockActions[0]
	if a.Type != "overflow" || a.SelectedOption.Value != "delete" || cb.Container.MessageTs != ts || cb.Channel.ID != "C1" || cb.Message.Timestamp != ts || cb.ResponseURL == "" {
		t.Fatalf("callback = %+v action %+v", cb, a)
	}
	if _, err := srv.MessageShortcut(ctx, Shortcut{CallbackID: "to_goal", UserID: "U1", ChannelID: "C1", MessageTS: "1.000001", MessageText: "ship it", MessageUser: "U2"}); err != nil {
		t.Fatal(err)
	}
	sc := bot.next(t).Data.(slack.InteractionCallback)
	if sc.Type != slack.InteractionTypeMessageAction || sc.CallbackID != "to_goal" || sc.Message.Text != "ship it" || sc.TriggerID == "" {
		t.Fatalf("shortcut = %+v", sc)
	}
	if err := slack.PostWebhookContext(ctx, sc.ResponseURL, &slack.WebhookMessage{Text: "done", ResponseType: "in_channel"}); err != nil {
		t.Fatalf("response_url: %v", err)
	}
	if msgs := srv.Messages("C1"); len(msgs) != 2 || msgs[1].Text != "done" || msgs[1].Ephemeral {
		t.Fatalf("messages = %+v", msgs)
	}
}

func TestCloseView(t *testing.T) {
	srv := MustStart(t, Options{})
	bot := MustStartBot(t, srv, nil)
	ctx := testCtx(t)
	quiet, err := bot.api.OpenViewContext(ctx, mustTrigger(t, srv, "U1"), modal("quiet"))
	if err != nil {
		t.Fatal(err)
	}
	if ack, err := srv.CloseView(ctx, "U1", quiet.ID); err != nil || ack.EnvelopeID != "" {
		t.Fatalf("close without notify: %+v %v", ack, err)
	}
	loud := modal("loud")
	loud.NotifyOnClose = true
	resp, err := bot.api.OpenViewContext(ctx, mustTrigger(t, srv, "U1"), loud)
	if err != nil {
		t.Fatal(err)
	}
	if ack, err := srv.CloseView(ctx, "U1", resp.ID); err != nil || ack.EnvelopeID == "" {
		t.Fatalf("close with notify: %+v %v", ack, err)
	}
	bot.next(t)
	bot.next(t)
	if cb := bot.next(t).Data.(slack.InteractionCallback); cb.Type != slack.InteractionTypeViewClosed || cb.View.ID != resp.ID {
		t.Fatalf("view_closed = %+v", cb)
	}
	if len(srv.OpenViews("U1")) != 0 {
		t.Fatal("views still open")
	}
}
