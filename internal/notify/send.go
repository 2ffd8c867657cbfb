package notify

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/okr-dev/okr/internal/event"
	"github.com/okr-dev/okr/internal/okr"
	"github.com/okr-dev/okr/internal/store"
	"github.com/okr-dev/okr/internal/web/i18n"
)

// Sender makes delivery attempts.
type Sender struct {
	DB   *store.DB
	I18n *i18n.Bundle
	// Client sends the requests; nil is a client with a 10-second timeout
	// that follows no redirects.
	Client *http.Client
	// Now is the clock of the timestamp header and the attempt log; nil is
	// time.Now.
	Now func() time.Time
	// UserAgent names the sender; "okr" when empty.
	UserAgent string
}

// ErrPermanent wraps the error of an attempt not worth repeating: the
// receiver refused the delivery for good (a 4xx other than 408 and 429)
// or the delivery cannot be built. The engine does not retry it.
var ErrPermanent = errors.New("permanent")

// Attempt tries delivery id once, unless it is no longer pending (then it
// does nothing: a job run twice sends once). It logs the attempt with the
// receiver's status and sets the delivery's state: delivered on 2xx;
// failed when the failure is permanent or lastTry; else pending, and the
// error tells the engine to try again later.
func (s *Sender) Attempt(ctx context.Context, id int64, lastTry bool) error {
	d, err := s.DB.GetDelivery(ctx, id)
	if err != nil {
		return err
	}
	if d.State != store.DeliveryPending {
		return nil
	}
	req, err := s.request(ctx, &d)
	if err != nil {
		return s.record(ctx, &d, store.DeliveryAttempt{At: s.now(), Error: err.Error()}, fmt.Errorf("%w: %w", ErrPermanent, err), true)
	}
	start := s.now()
	res, err := s.client().Do(req)
	a := store.DeliveryAttempt{At: start, Duration: time.Since(start)}
	if err != nil {
		a.Error = err.Error()
		return s.record(ctx, &d, a, fmt.Errorf("deliver %d: %w", id, err), lastTry)
	}
	snippet, _ := io.ReadAll(io.LimitReader(res.Body, 512))
	res.Body.Close()
	a.Status = res.StatusCode
	if res.StatusCode >= 200 && res.StatusCode < 300 {
		return s.DB.RecordDeliveryAttempt(ctx, id, a, store.DeliveryDelivered)
	}
	a.Error = strings.TrimSpace(res.Status + " " + strings.ToValidUTF8(string(snippet), ""))
	failure := fmt.Errorf("deliver %d: the receiver answered %s", id, res.Status)
	if permanent(res.StatusCode) {
		failure = fmt.Errorf("%w: %w", ErrPermanent, failure)
	}
	return s.record(ctx, &d, a, failure, lastTry || permanent(res.StatusCode))
}

// permanent reports whether a status refuses a delivery for good.
func permanent(status int) bool {
	return status >= 400 && status < 500 && status != http.StatusRequestTimeout && status != http.StatusTooManyRequests
}

func (s *Sender) record(ctx context.Context, d *store.Delivery, a store.DeliveryAttempt, failure error, final bool) error {
	state := store.DeliveryPending
	if final {
		state = store.DeliveryFailed
	}
	if err := s.DB.RecordDeliveryAttempt(ctx, d.ID, a, state); err != nil {
		return errors.Join(failure, err)
	}
	return failure
}

// request builds the HTTP request of a delivery for its hook's kind.
func (s *Sender) request(ctx context.Context, d *store.Delivery) (*http.Request, error) {
	p, err := event.Decode(d.Payload)
	if err != nil {
		return nil, err
	}
	body := d.Payload
	if d.Hook.Kind != okr.HookWebhook {
		org, err := s.DB.GetOrg(ctx, d.OrgID)
		if err != nil {
			return nil, err
		}
		l := s.I18n.Localizer(org.Settings.Language)
		if d.Hook.Kind == okr.HookSlack {
			body, err = Slack(l, p)
		} else {
			body, err = Teams(l, p)
		}
		if err != nil {
			return nil, err
		}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, d.Hook.URL, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", s.userAgent())
	if d.Hook.Kind == okr.HookWebhook {
		ts := s.now().Unix()
		req.Header.Set(HeaderEvent, d.EventType)
		req.Header.Set(HeaderVersion, strconv.Itoa(event.Version))
		req.Header.Set(HeaderDelivery, d.Key)
		req.Header.Set(HeaderTimestamp, strconv.FormatInt(ts, 10))
		req.Header.Set(HeaderSignature, Sign(d.Hook.Secret, ts, body))
	}
	return req, nil
}

func (s *Sender) client() *http.Client {
	if s.Client != nil {
		return s.Client
	}
	return &http.Client{Timeout: 10 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func (s *Sender) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func (s *Sender) userAgent() string {
	if s.UserAgent != "" {
		return s.UserAgent
	}
	return "okr"
}
