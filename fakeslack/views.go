package fakeslack

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"
)

// View is a modal or Home tab the bot opened, pushed, updated or published.
type View struct {
	ID, User, TriggerID, CallbackID, PrivateMetadata, ExternalID, Hash string
	Type                                                               string          // "modal" or "home"
	JSON                                                               json.RawMessage // the full view object as the bot last sent it
	Closed                                                             bool

	root, previous string
}

// viewHead holds the fields of a sent view that the fake interprets.
type viewHead struct {
	Type            string `json:"type"`
	CallbackID      string `json:"callback_id"`
	PrivateMetadata string `json:"private_metadata"`
	ExternalID      string `json:"external_id"`
	NotifyOnClose   bool   `json:"notify_on_close"`
	ClearOnClose    bool   `json:"clear_on_close"`
}

// headOf reads the head of a view already decoded for the limit checks, so
// that each view is decoded once: views are the fake's largest requests.
func headOf(v map[string]any) viewHead {
	flag := func(k string) bool { b, _ := v[k].(bool); return b }
	return viewHead{
		Type: str(v["type"]), CallbackID: str(v["callback_id"]), PrivateMetadata: str(v["private_metadata"]),
		ExternalID: str(v["external_id"]), NotifyOnClose: flag("notify_on_close"), ClearOnClose: flag("clear_on_close"),
	}
}

// View returns the view with id, open or closed.
func (s *Server) View(id string) (View, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.views[id]
	if !ok {
		return View{}, false
	}
	return *v, true
}

// OpenViews returns the user's current modal stack, bottom first.
func (s *Server) OpenViews(user string) []View {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []View
	for _, id := range s.stacks[user] {
		out = append(out, *s.views[id])
	}
	return out
}

// HomeView returns the Home tab last published for user.
func (s *Server) HomeView(user string) (View, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id, ok := s.homes[user]
	if !ok {
		return View{}, false
	}
	return *s.views[id], true
}

// parseView decodes a view sent with method and checks it against Slack's
// limits; a breach is recorded and answered as Slack answers it.
func (s *Server) parseView(method, raw string, wantType string) (viewHead, result, bool) {
	var v map[string]any
	if raw == "" || json.Unmarshal([]byte(raw), &v) != nil || v == nil {
		return viewHead{}, errResult("invalid_arguments"), false
	}
	h := headOf(v)
	var c checker
	if h.Type != wantType && !(wantType == "" && (h.Type == "modal" || h.Type == "home")) {
		c.add("/view/type", fmt.Sprintf("invalid view type %q", h.Type), "")
	}
	c.view("/view", v)
	if len(c.problems) > 0 {
		s.recordBreaches(method, h.CallbackID, c.problems)
		body := slackErr("invalid_arguments")
		body["response_metadata"] = map[string]any{"messages": slackMessages(c.problems)}
		return h, result{body: body}, false
	}
	return h, result{}, true
}

// useTrigger consumes a trigger id. Callers hold s.mu.
func (s *Server) useTrigger(id string) (string, string) {
	t, ok := s.triggers[id]
	switch {
	case !ok:
		return "", "invalid_trigger_id"
	case t.used || s.now().Sub(t.issued) > s.opts.TriggerTTL:
		return "", "expired_trigger_id"
	}
	t.used = true
	return t.user, ""
}

// externalIDTaken reports whether an open view other than except uses ext. Callers hold s.mu.
func (s *Server) externalIDTaken(ext, except string) bool {
	if ext == "" {
		return false
	}
	for id, v := range s.views {
		if id != except && !v.Closed && v.ExternalID == ext {
			return true
		}
	}
	return false
}

// newView stores a fresh view. Callers hold s.mu.
func (s *Server) newView(user, triggerID string, h viewHead, raw string) *View {
	v := &View{
		ID:              s.nextID("V"),
		User:            user,
		TriggerID:       triggerID,
		CallbackID:      h.CallbackID,
		PrivateMetadata: h.PrivateMetadata,
		ExternalID:      h.ExternalID,
		Hash:            newHash(),
		Type:            h.Type,
		JSON:            json.RawMessage(raw),
	}
	v.root = v.ID
	s.views[v.ID] = v
	return v
}

// setView replaces the content of v. Callers hold s.mu.
func setView(v *View, h viewHead, raw string) {
	v.CallbackID, v.PrivateMetadata, v.JSON, v.Hash = h.CallbackID, h.PrivateMetadata, json.RawMessage(raw), newHash()
	if h.ExternalID != "" {
		v.ExternalID = h.ExternalID
	}
}

func newHash() string { return fmt.Sprintf("%d.%s", time.Now().Unix(), randomHex(4)) }

// fullView is the view object as Slack returns it and puts it in payloads.
func fullView(v *View, state any) map[string]any {
	out := map[string]any{}
	_ = json.Unmarshal(v.JSON, &out)
	for k, def := range map[string]any{"private_metadata": "", "callback_id": "", "external_id": "", "clear_on_close": false, "notify_on_close": false, "blocks": []any{}} {
		if _, ok := out[k]; !ok {
			out[k] = def
		}
	}
	if state == nil {
		state = map[string]any{"values": map[string]any{}}
	}
	out["id"] = v.ID
	out["team_id"] = TeamID
	out["type"] = v.Type
	out["state"] = state
	out["hash"] = v.Hash
	out["external_id"] = v.ExternalID
	out["root_view_id"] = nilIfEmpty(v.root)
	out["previous_view_id"] = nilIfEmpty(v.previous)
	out["app_id"] = AppID
	out["bot_id"] = BotID
	out["app_installed_team_id"] = TeamID
	return out
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// closeStackFrom closes view id and every view above it in user's stack. Callers hold s.mu.
func (s *Server) closeStackFrom(user, id string) {
	stack := s.stacks[user]
	i := slices.Index(stack, id)
	if i < 0 {
		return
	}
	for _, vid := range stack[i:] {
		s.views[vid].Closed = true
	}
	if i == 0 {
		delete(s.stacks, user)
	} else {
		s.stacks[user] = stack[:i:i]
	}
}

func (s *Server) viewsOpen(req *apiRequest) result {
	h, res, ok := s.parseView("views.open", req.params.Get("view"), "modal")
	if !ok {
		return res
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	user, code := s.useTrigger(req.params.Get("trigger_id"))
	if code != "" {
		return errResult(code)
	}
	if s.externalIDTaken(h.ExternalID, "") {
		return errResult("duplicate_external_id")
	}
	if stack := s.stacks[user]; len(stack) > 0 {
		s.closeStackFrom(user, stack[0])
	}
	v := s.newView(user, req.params.Get("trigger_id"), h, req.params.Get("view"))
	s.stacks[user] = []string{v.ID}
	return okResult(map[string]any{"view": fullView(v, nil)})
}

func (s *Server) viewsPush(req *apiRequest) result {
	h, res, ok := s.parseView("views.push", req.params.Get("view"), "modal")
	if !ok {
		return res
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	user, code := s.useTrigger(req.params.Get("trigger_id"))
	if code != "" {
		return errResult(code)
	}
	stack := s.stacks[user]
	switch {
	case len(stack) == 0:
		return errResult("not_found")
	case len(stack) >= 3:
		return errResult("push_limit_reached")
	case s.externalIDTaken(h.ExternalID, ""):
		return errResult("duplicate_external_id")
	}
	v := s.newView(user, req.params.Get("trigger_id"), h, req.params.Get("view"))
	v.root, v.previous = stack[0], stack[len(stack)-1]
	s.stacks[user] = append(stack, v.ID)
	return okResult(map[string]any{"view": fullView(v, nil)})
}

func (s *Server) viewsUpdate(req *apiRequest) result {
	h, res, ok := s.parseView("views.update", req.params.Get("view"), "")
	if !ok {
		return res
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var v *View
	if id := req.params.Get("view_id"); id != "" {
		v = s.views[id]
	} else if ext := req.params.Get("external_id"); ext != "" {
		for _, cand := range s.views {
			if !cand.Closed && cand.ExternalID == ext {
				v = cand
			}
		}
	}
	switch {
	case v == nil || v.Closed:
		return errResult("not_found")
	case h.Type != v.Type:
		return errResult("invalid_arguments")
	case req.params.Get("hash") != "" && req.params.Get("hash") != v.Hash:
		return errResult("hash_conflict")
	case s.externalIDTaken(h.ExternalID, v.ID):
		return errResult("duplicate_external_id")
	}
	setView(v, h, req.params.Get("view"))
	return okResult(map[string]any{"view": fullView(v, nil)})
}

func (s *Server) viewsPublish(req *apiRequest) result {
	h, res, ok := s.parseView("views.publish", req.params.Get("view"), "home")
	if !ok {
		return res
	}
	user := req.params.Get("user_id")
	if user == "" {
		return errResult("invalid_arguments")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	id, exists := s.homes[user]
	if exists {
		v := s.views[id]
		if hash := req.params.Get("hash"); hash != "" && hash != v.Hash {
			return errResult("hash_conflict")
		}
		setView(v, h, req.params.Get("view"))
		return okResult(map[string]any{"view": fullView(v, nil)})
	}
	v := s.newView(user, "", h, req.params.Get("view"))
	s.homes[user] = v.ID
	return okResult(map[string]any{"view": fullView(v, nil)})
}
