package ops

import (
	"bytes"
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Transport returns an http.RoundTripper that counts and times every call
// to the Slack Web API made through base (http.DefaultTransport when nil).
// Give it to slack-go with slack.OptionHTTPClient: it then sees every call,
// whichever layer of planbot makes it, retries included, and
// apps.connections.open of the Socket Mode client.
//
// A call's status is "ok", Slack's error code when Slack answers HTTP 200
// with {"ok":false,"error":...}, the HTTP status code of any other answer
// (429 when rate limited), or transport_error when no answer came. The
// JSON answers of Web API methods are read into memory to find it; other
// answers (file uploads and downloads) stream through untouched.
func (m *Metrics) Transport(base http.RoundTripper) http.RoundTripper {
	if base == nil {
		base = http.DefaultTransport
	}
	return &transport{m: m, base: base}
}

type transport struct {
	m    *Metrics
	base http.RoundTripper
}

// methodRE is a Slack Web API method name, such as chat.postMessage.
var methodRE = regexp.MustCompile(`^[a-zA-Z]+(\.[a-zA-Z]+)+$`)

// errorCodeRE is what a Slack error code looks like: anything else is
// counted as "error", so that a strange answer cannot make up labels.
var errorCodeRE = regexp.MustCompile(`^[a-z0-9_]{1,64}$`)

// method returns the Web API method a request calls, or "other" (file
// uploads and downloads, anything unexpected): a bounded set of labels.
func method(r *http.Request) string {
	_, name, ok := strings.Cut(r.URL.Path, "/api/")
	if !ok || !methodRE.MatchString(name) {
		return "other"
	}
	return name
}

func (t *transport) RoundTrip(r *http.Request) (*http.Response, error) {
	name := method(r)
	start := time.Now()
	resp, err := t.base.RoundTrip(r)
	if err != nil {
		t.record(name, "transport_error", start)
		return resp, err
	}
	ct, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	if name == "other" || resp.StatusCode != http.StatusOK || ct != "application/json" {
		t.record(name, statusText(resp.StatusCode), start)
		return resp, nil
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.record(name, "transport_error", start)
		resp.Body = io.NopCloser(bytes.NewReader(body))
		return resp, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	t.record(name, slackStatus(body), start)
	return resp, nil
}

func (t *transport) record(name, status string, start time.Time) {
	t.m.slackCalls.WithLabelValues(name, status).Inc()
	t.m.slackSeconds.WithLabelValues(name).Observe(time.Since(start).Seconds())
}

// slackStatus returns "ok" or the error code of a Web API answer.
func slackStatus(body []byte) string {
	var r struct {
		OK    bool   `json:"ok"`
		Error string `json:"error"`
	}
	if json.Unmarshal(body, &r) != nil {
		return "error"
	}
	switch {
	case r.OK:
		return "ok"
	case errorCodeRE.MatchString(r.Error):
		return r.Error
	default:
		return "error"
	}
}

// statusText is an HTTP status code as a label: "200", "429", "503".
func statusText(code int) string {
	if code < 100 || code > 599 {
		return "error"
	}
	return strconv.Itoa(code)
}
