package ops

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
)

// LogHandler wraps h so that every record logged with a request's context
// carries the request's id (request_id), whichever handler logs it: the
// access log, a page's error, the API's, e-mail sent after the answer.
func LogHandler(h slog.Handler) slog.Handler {
	if _, ok := h.(*idHandler); ok {
		return h
	}
	return &idHandler{h}
}

type idHandler struct{ h slog.Handler }

func (h *idHandler) Enabled(ctx context.Context, l slog.Level) bool { return h.h.Enabled(ctx, l) }

func (h *idHandler) Handle(ctx context.Context, r slog.Record) error {
	if id := RequestID(ctx); id != "" {
		r.AddAttrs(slog.String("request_id", id))
	}
	return h.h.Handle(ctx, r)
}

func (h *idHandler) WithAttrs(as []slog.Attr) slog.Handler { return &idHandler{h.h.WithAttrs(as)} }
func (h *idHandler) WithGroup(name string) slog.Handler    { return &idHandler{h.h.WithGroup(name)} }

// NewLogger returns the program's logger: text (logfmt, key=value) or
// json lines on w from level on ("debug", "info", "warn", "error"), with
// request ids (LogHandler).
func NewLogger(w io.Writer, format, level string) (*slog.Logger, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("log level %q: want debug, info, warn or error", level)
	}
	opts := &slog.HandlerOptions{Level: l}
	var h slog.Handler
	switch strings.ToLower(format) {
	case "text", "":
		h = slog.NewTextHandler(w, opts)
	case "json":
		h = slog.NewJSONHandler(w, opts)
	default:
		return nil, fmt.Errorf("log format %q: want text or json", format)
	}
	return slog.New(LogHandler(h)), nil
}
