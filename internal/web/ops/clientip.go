package ops

import (
	"fmt"
	"net/http"
	"net/netip"
	"strings"
)

// Proxies is the set of reverse proxies whose forwarding headers are
// believed (--trusted-proxy). The zero value trusts none: the client is
// the peer of the connection.
type Proxies struct {
	prefixes []netip.Prefix
}

// ParseProxies reads CIDR prefixes ("10.0.0.0/8", "2001:db8::/32") and
// single addresses ("127.0.0.1"), each item possibly a comma-separated
// list.
func ParseProxies(items []string) (Proxies, error) {
	var p Proxies
	for _, item := range items {
		for f := range strings.SplitSeq(item, ",") {
			f = strings.TrimSpace(f)
			if f == "" {
				continue
			}
			if !strings.Contains(f, "/") {
				a, err := netip.ParseAddr(f)
				if err != nil {
					return Proxies{}, fmt.Errorf("trusted proxy %q: not an address or CIDR prefix", f)
				}
				a = a.Unmap()
				p.prefixes = append(p.prefixes, netip.PrefixFrom(a, a.BitLen()))
				continue
			}
			pre, err := netip.ParsePrefix(f)
			if err != nil {
				return Proxies{}, fmt.Errorf("trusted proxy %q: not an address or CIDR prefix", f)
			}
			if pre.Addr().Is4In6() {
				pre = netip.PrefixFrom(pre.Addr().Unmap(), max(pre.Bits()-96, 0))
			}
			p.prefixes = append(p.prefixes, pre.Masked())
		}
	}
	return p, nil
}

// String lists the prefixes, comma-separated.
func (p Proxies) String() string {
	s := make([]string, len(p.prefixes))
	for i, pre := range p.prefixes {
		s[i] = pre.String()
	}
	return strings.Join(s, ",")
}

// Trusts reports whether a is one of the trusted proxies.
func (p Proxies) Trusts(a netip.Addr) bool {
	a = a.Unmap()
	for _, pre := range p.prefixes {
		if pre.Contains(a) {
			return true
		}
	}
	return false
}

// ClientIP returns the address of the client that sent r. It is the peer
// of the connection unless the peer is a trusted proxy; then the
// forwarding header is walked from the right (the hop the proxy itself
// added) past every trusted proxy, and the first address that is not one
// is the client. X-Forwarded-For is read when present, else Forwarded
// (RFC 7239, its for= parameters). A hop that is not an address (for=
// unknown, an obfuscated name, garbage) ends the walk: the client is then
// the last trusted hop, the nearest address known to be true. The result
// is invalid only when r.RemoteAddr is not an address.
func (p Proxies) ClientIP(r *http.Request) netip.Addr {
	peer := remoteAddr(r.RemoteAddr)
	if len(p.prefixes) == 0 || !peer.IsValid() || !p.Trusts(peer) {
		return peer
	}
	hops := forwardedHops(r.Header)
	client := peer
	for i := len(hops) - 1; i >= 0; i-- {
		a, ok := parseHop(hops[i])
		if !ok {
			return client
		}
		client = a
		if !p.Trusts(a) {
			return a
		}
	}
	return client
}

// remoteAddr parses http.Request.RemoteAddr ("ip:port"), IPv4-mapped
// IPv6 addresses as IPv4.
func remoteAddr(s string) netip.Addr {
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr().Unmap()
	}
	if a, err := netip.ParseAddr(s); err == nil {
		return a.Unmap()
	}
	return netip.Addr{}
}

// forwardedHops returns the addresses the proxies recorded, client first:
// every X-Forwarded-For field joined in order, or without one the for=
// parameters of Forwarded.
func forwardedHops(h http.Header) []string {
	var hops []string
	if xff := h.Values("X-Forwarded-For"); len(xff) > 0 {
		for _, v := range xff {
			for hop := range strings.SplitSeq(v, ",") {
				hops = append(hops, strings.TrimSpace(hop))
			}
		}
		return hops
	}
	for _, v := range h.Values("Forwarded") {
		for elem := range strings.SplitSeq(v, ",") {
			hop := "" // an element without for= is a hop we cannot place
			for pair := range strings.SplitSeq(elem, ";") {
				k, val, ok := strings.Cut(strings.TrimSpace(pair), "=")
				if ok && strings.EqualFold(strings.TrimSpace(k), "for") {
					hop = strings.Trim(strings.TrimSpace(val), `"`)
				}
			}
			hops = append(hops, hop)
		}
	}
	return hops
}

// parseHop reads one hop: "192.0.2.1", "192.0.2.1:4711", "2001:db8::1",
// "[2001:db8::1]" or "[2001:db8::1]:4711".
func parseHop(s string) (netip.Addr, bool) {
	if a, err := netip.ParseAddr(s); err == nil {
		return a.Unmap(), a.Zone() == ""
	}
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr().Unmap(), ap.Addr().Zone() == ""
	}
	if strings.HasPrefix(s, "[") && strings.HasSuffix(s, "]") {
		if a, err := netip.ParseAddr(s[1 : len(s)-1]); err == nil {
			return a.Unmap(), a.Zone() == ""
		}
	}
	return netip.Addr{}, false
}
