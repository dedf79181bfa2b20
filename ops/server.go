package ops

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// ReadyTimeout bounds one readiness check.
const ReadyTimeout = 2 * time.Second

// Server serves, on Addr:
//
//   - /healthz: 200 while the process is up, whatever else is down;
//   - /readyz: 200 when Ready finds nothing wrong, 503 with the reason
//     otherwise (the database does not answer, the Socket Mode connection
//     is down);
//   - /metrics: the Prometheus metrics of Metrics.
//
// Set the fields, then Open; Close stops it.
type Server struct {
	Addr    string // host:port; port 0 picks a free one (see ListenAddr)
	Metrics *Metrics
	// Ready returns why the process cannot serve now, or nil. It must
	// return within the context's deadline (ReadyTimeout).
	Ready  func(ctx context.Context) error
	Logger *slog.Logger

	ln   net.Listener
	srv  *http.Server
	done chan struct{}
}

// Open listens on Addr and serves in the background. A port that cannot
// be listened on is an error now, not a log line later.
func (s *Server) Open() error {
	if s.Logger == nil {
		s.Logger = slog.New(slog.DiscardHandler)
	}
	ln, err := net.Listen("tcp", s.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", s.Addr, err)
	}
	s.ln = ln
	s.srv = &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 5 * time.Second}
	s.done = make(chan struct{})
	go func() {
		defer close(s.done)
		if err := s.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.Logger.Error("ops http server", "error", err)
		}
	}()
	s.Logger.Info("serving health and metrics", "addr", ln.Addr().String())
	return nil
}

// ListenAddr returns the address Open listens on, once it has.
func (s *Server) ListenAddr() string {
	if s.ln == nil {
		return ""
	}
	return s.ln.Addr().String()
}

// Close stops the server, letting a scrape in progress finish within ctx.
func (s *Server) Close(ctx context.Context) error {
	if s.srv == nil {
		return nil
	}
	err := s.srv.Shutdown(ctx)
	<-s.done
	s.srv = nil
	return err
}

// Handler returns the server's routes.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		ctx, cancel := context.WithTimeout(r.Context(), ReadyTimeout)
		defer cancel()
		if s.Ready != nil {
			if err := s.Ready(ctx); err != nil {
				w.WriteHeader(http.StatusServiceUnavailable)
				fmt.Fprintln(w, "not ready:", err)
				return
			}
		}
		fmt.Fprintln(w, "ready")
	})
	if s.Metrics != nil {
		mux.Handle("GET /metrics", promhttp.HandlerFor(s.Metrics.Registry, promhttp.HandlerOpts{}))
	}
	return mux
}
