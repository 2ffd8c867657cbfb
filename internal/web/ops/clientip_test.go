package ops

import (
	"net/http"
	"net/netip"
	"testing"
)

func TestClientIP(t *testing.T) {
	proxies, err := ParseProxies([]string{"127.0.0.1", "10.0.0.0/8, 2001:db8:cafe::/48"})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name      string
		proxies   Proxies
		peer      string
		xff       []string
		forwarded []string
		want      string
	}{
		{"no proxies trusted: the peer, whatever it forwards", Proxies{}, "127.0.0.1:5000", []string{"203.0.113.7"}, nil, "127.0.0.1"},
		{"untrusted peer: its X-Forwarded-For is ignored", proxies, "198.51.100.1:5000", []string{"203.0.113.7"}, nil, "198.51.100.1"},
		{"untrusted peer: its Forwarded is ignored", proxies, "198.51.100.1:5000", nil, []string{"for=203.0.113.7"}, "198.51.100.1"},
		{"trusted peer without a header", proxies, "127.0.0.1:5000", nil, nil, "127.0.0.1"},
		{"trusted peer: the client it forwards", proxies, "127.0.0.1:5000", []string{"203.0.113.7"}, nil, "203.0.113.7"},
		{"walks from the right past trusted hops", proxies, "127.0.0.1:5000", []string{"203.0.113.7, 10.1.2.3"}, nil, "203.0.113.7"},
		{"a spoofed hop left of the first untrusted one is ignored", proxies, "127.0.0.1:5000", []string{"1.2.3.4, 203.0.113.7, 10.1.2.3"}, nil, "203.0.113.7"},
		{"several header fields in order", proxies, "127.0.0.1:5000", []string{"1.2.3.4", "203.0.113.7", "10.1.2.3"}, nil, "203.0.113.7"},
		{"every hop trusted: the leftmost", proxies, "127.0.0.1:5000", []string{"10.9.9.9, 10.1.2.3"}, nil, "10.9.9.9"},
		{"garbage ends the walk at the last trusted hop", proxies, "127.0.0.1:5000", []string{"203.0.113.7, garbage, 10.1.2.3"}, nil, "10.1.2.3"},
		{"empty header", proxies, "127.0.0.1:5000", []string{""}, nil, "127.0.0.1"},
		{"a hop with a port", proxies, "127.0.0.1:5000", []string{"203.0.113.7:4711"}, nil, "203.0.113.7"},
		{"IPv6 hops", proxies, "[2001:db8:cafe::1]:443", []string{"[2001:db8::17]:4711"}, nil, "2001:db8::17"},
		{"IPv4-mapped peer", proxies, "[::ffff:127.0.0.1]:5000", []string{"203.0.113.7"}, nil, "203.0.113.7"},
		{"Forwarded", proxies, "127.0.0.1:5000", nil, []string{`for=203.0.113.7;proto=https, for="10.1.2.3"`}, "203.0.113.7"},
		{"Forwarded IPv6 quoted with a port", proxies, "127.0.0.1:5000", nil, []string{`for="[2001:db8::17]:4711"`}, "2001:db8::17"},
		{"Forwarded unknown ends the walk", proxies, "127.0.0.1:5000", nil, []string{`for=unknown`}, "127.0.0.1"},
		{"Forwarded obfuscated ends the walk", proxies, "127.0.0.1:5000", nil, []string{`for=203.0.113.7, for=_hidden`}, "127.0.0.1"},
		{"X-Forwarded-For wins over Forwarded", proxies, "127.0.0.1:5000", []string{"203.0.113.7"}, []string{"for=1.2.3.4"}, "203.0.113.7"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := &http.Request{RemoteAddr: c.peer, Header: http.Header{}}
			for _, v := range c.xff {
				r.Header.Add("X-Forwarded-For", v)
			}
			for _, v := range c.forwarded {
				r.Header.Add("Forwarded", v)
			}
			if got := c.proxies.ClientIP(r); got != netip.MustParseAddr(c.want) {
				t.Errorf("got %v, want %s", got, c.want)
			}
		})
	}
}

func TestParseProxies(t *testing.T) {
	p, err := ParseProxies([]string{"10.0.0.0/8,192.168.1.7", "::1", " 2001:db8::/32 ", "::ffff:172.16.0.0/108"})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := p.String(), "10.0.0.0/8,192.168.1.7/32,::1/128,2001:db8::/32,172.16.0.0/12"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	for _, bad := range []string{"10.0.0.0/33", "proxy.example", "10.0.0"} {
		if _, err := ParseProxies([]string{bad}); err == nil {
			t.Errorf("%q was accepted", bad)
		}
	}
}
