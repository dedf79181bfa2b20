package fakeslack

import (
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// result is a Web API answer before it is written and recorded.
type result struct {
	status int         // 0 = 200
	header http.Header // extra headers
	body   any         // marshalled as JSON unless nil
	raw    []byte      // written as is when body is nil
	abort  bool        // drop the connection without an answer (Fault.Hang)
	// contentType of raw; default text/plain
	contentType string
}

// apiRequest is a decoded Web API request.
type apiRequest struct {
	r      *http.Request
	params url.Values
	body   []byte
	token  string
}

type handler func(*Server, *apiRequest) result

// apiMethods are the Web API methods the fake implements.
var apiMethods = map[string]handler{
	"auth.test":                    (*Server).authTest,
	"apps.connections.open":        (*Server).appsConnectionsOpen,
	"chat.postMessage":             (*Server).chatPostMessage,
	"chat.postEphemeral":           (*Server).chatPostEphemeral,
	"chat.update":                  (*Server).chatUpdate,
	"chat.delete":                  (*Server).chatDelete,
	"chat.getPermalink":            (*Server).chatGetPermalink,
	"users.info":                   (*Server).usersInfo,
	"conversations.info":           (*Server).conversationsInfo,
	"conversations.members":        (*Server).conversationsMembers,
	"conversations.history":        (*Server).conversationsHistory,
	"conversations.replies":        (*Server).conversationsReplies,
	"users.conversations":          (*Server).usersConversations,
	"reactions.add":                (*Server).reactionsAdd,
	"files.info":                   (*Server).filesInfo,
	"views.open":                   (*Server).viewsOpen,
	"views.push":                   (*Server).viewsPush,
	"views.update":                 (*Server).viewsUpdate,
	"views.publish":                (*Server).viewsPublish,
	"files.getUploadURLExternal":   (*Server).filesGetUploadURLExternal,
	"files.completeUploadExternal": (*Server).filesCompleteUploadExternal,
}

// okResult answers {"ok":true} plus fields.
func okResult(fields map[string]any) result {
	m := map[string]any{"ok": true}
	for k, v := range fields {
		m[k] = v
	}
	return result{body: m}
}

func slackErr(code string) map[string]any {
	return map[string]any{"ok": false, "error": code}
}

func errResult(code string) result { return result{body: slackErr(code)} }

func (s *Server) handleAPI(w http.ResponseWriter, r *http.Request) {
	method := r.PathValue("method")
	body, _ := io.ReadAll(io.LimitReader(r.Body, 64<<20))
	req := &apiRequest{r: r, body: body}
	req.params, req.token = parseParams(r, body)
	res := s.serveAPI(method, req)
	s.finish(w, method, req, res)
}

func (s *Server) serveAPI(method string, req *apiRequest) result {
	return s.serveFaulty(method, req, func() result {
		h, ok := apiMethods[method]
		if !ok {
			return errResult("unknown_method")
		}
		if code := s.checkToken(method, req.token); code != "" {
			return errResult(code)
		}
		if res, limited := s.storm(method, req); limited {
			return res
		}
		if method == "chat.postMessage" {
			if res, limited := s.limitPost(req); limited {
				return res
			}
		}
		return h(s, req)
	})
}

// checkToken returns the error Slack gives for token on method, or "".
func (s *Server) checkToken(method, token string) string {
	switch {
	case token == "":
		return "not_authed"
	case method == "apps.connections.open" && !strings.HasPrefix(token, "xapp-"):
		return "invalid_auth"
	case method != "apps.connections.open" && !strings.HasPrefix(token, "xoxb-"):
		return "invalid_auth"
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.rejected[token]
}

// RejectToken makes every call made with token fail with code, as Slack answers a
// wrong or revoked token; code "" means "invalid_auth" (Slack also answers
// "token_revoked" or "account_inactive"). File downloads with it get the sign-in page.
func (s *Server) RejectToken(token, code string) {
	if code == "" {
		code = "invalid_auth"
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rejected[token] = code
}

// finish records the call, then writes res, so a caller that got the answer finds the call.
func (s *Server) finish(w http.ResponseWriter, method string, req *apiRequest, res result) {
	status := res.status
	if status == 0 {
		status = http.StatusOK
	}
	out := res.raw
	contentType := "text/plain; charset=utf-8"
	if res.contentType != "" {
		contentType = res.contentType
	}
	if res.body != nil {
		var err error
		if out, err = json.Marshal(res.body); err != nil {
			status, out = http.StatusInternalServerError, []byte(err.Error())
		} else {
			contentType = "application/json; charset=utf-8"
		}
	}
	if res.abort { // recorded when it began to hang
		s.log.Debug("api call dropped without an answer", "method", method)
		panic(http.ErrAbortHandler) // net/http closes the connection, logging nothing
	}
	s.record(Call{
		Method:   method,
		Params:   req.params,
		Body:     req.body,
		Token:    req.token,
		Status:   status,
		Response: out,
		At:       s.now(),
	})
	s.log.Debug("api call", "method", method, "status", status)
	for k, v := range res.header {
		w.Header()[k] = v
	}
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(status)
	_, _ = w.Write(out)
}

// parseParams merges query, form and top-level JSON keys, and finds the token.
func parseParams(r *http.Request, body []byte) (url.Values, string) {
	params := url.Values{}
	for k, v := range r.URL.Query() {
		params[k] = append(params[k], v...)
	}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch ct {
	case "application/json":
		var m map[string]json.RawMessage
		if json.Unmarshal(body, &m) == nil {
			for k, raw := range m {
				var str string
				if json.Unmarshal(raw, &str) == nil {
					params.Set(k, str)
				} else {
					params.Set(k, string(raw))
				}
			}
		}
	case "application/x-www-form-urlencoded":
		if form, err := url.ParseQuery(string(body)); err == nil {
			for k, v := range form {
				params[k] = append(params[k], v...)
			}
		}
	}
	token := bearer(r)
	if token == "" {
		token = params.Get("token")
	}
	return params, token
}

func (s *Server) authTest(_ *apiRequest) result {
	return okResult(map[string]any{
		"url":     "https://" + TeamDomain + ".slack.com/",
		"team":    "Fake Team",
		"user":    "planbot",
		"team_id": TeamID,
		"user_id": BotUserID,
		"bot_id":  BotID,
	})
}

func (s *Server) appsConnectionsOpen(_ *apiRequest) result {
	ticket := randomHex(16)
	s.mu.Lock()
	s.tickets[ticket] = true
	s.mu.Unlock()
	return okResult(map[string]any{"url": "ws://" + s.Addr() + "/ws?ticket=" + ticket})
}

func (s *Server) usersInfo(req *apiRequest) result {
	id := req.params.Get("user")
	s.mu.Lock()
	u, ok := s.users[id]
	s.mu.Unlock()
	if !ok {
		return errResult("user_not_found")
	}
	tz := u.TZ
	if tz == "" {
		tz = "UTC"
	}
	offset := 0
	label := tz
	if loc, err := time.LoadLocation(tz); err == nil {
		name, off := s.now().In(loc).Zone()
		offset, label = off, name
	}
	user := map[string]any{
		"id":        u.ID,
		"team_id":   u.TeamID,
		"name":      u.Name,
		"real_name": u.RealName,
		"tz":        tz,
		"tz_label":  label,
		"tz_offset": offset,
		"is_bot":    u.ID == BotUserID,
		"deleted":   false,
		"profile": map[string]any{
			"real_name":    u.RealName,
			"display_name": u.Name,
			"team":         u.TeamID,
		},
	}
	if req.params.Get("include_locale") == "true" {
		locale := u.Locale
		if locale == "" {
			locale = "en-US"
		}
		user["locale"] = locale
	}
	return okResult(map[string]any{"user": user})
}
