//! The address policy: a source is a public page, so by default the fetcher refuses to connect to loopback,
//! private, link-local, unspecified and other non-public addresses. Archived sources go into bundles meant for
//! publication; without this a URL (or a redirect from a public-looking URL) to `127.0.0.1:8080`, `localhost`,
//! `2130706433`, `0.0.0.0`, a `10.x` host or the cloud metadata address `169.254.169.254` would archive an internal
//! page.
//!
//! The check is made twice, so that neither an address in the URL nor a name that resolves to one slips through:
//! on the URL's host when it is an IP literal (which reqwest never resolves), before any I/O and on every redirect
//! hop; and in the DNS resolver the HTTP client uses for every connection, after resolution, so a public name that
//! resolves to a private address (DNS rebinding included) is refused at connect time.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, ToSocketAddrs};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use crate::error::FetchError;

/// Whether `ip` is an address a public source can have. Loopback, private (RFC 1918, unique-local), link-local,
/// unspecified, carrier-grade NAT, benchmarking, documentation, multicast, broadcast and reserved ranges are not;
/// IPv4-mapped and -compatible IPv6 addresses are judged by their IPv4 address.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public_v4(v4);
            }
            let s = v6.segments();
            // ::a.b.c.d (deprecated IPv4-compatible) and NAT64 64:ff9b::/96 carry an IPv4 address.
            if s[..6] == [0, 0, 0, 0, 0, 0] && !v6.is_loopback() && !v6.is_unspecified() {
                return is_public_v4(embedded_v4(&s));
            }
            if s[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
                return is_public_v4(embedded_v4(&s));
            }
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (s[0] & 0xfe00) == 0xfc00 // unique local fc00::/7
                || (s[0] & 0xffc0) == 0xfe80 // link-local fe80::/10
                || (s[0] & 0xffc0) == 0xfec0 // site-local fec0::/10 (deprecated)
                || (s[0] == 0x2001 && s[1] == 0x0db8) // documentation
                || s[0] == 0x0100 && s[1..4] == [0, 0, 0]) // discard-only 100::/64
        }
    }
}

fn embedded_v4(s: &[u16; 8]) -> Ipv4Addr {
    let [a, b] = s[6].to_be_bytes();
    let [c, d] = s[7].to_be_bytes();
    Ipv4Addr::new(a, b, c, d)
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    !(ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_broadcast()
        || ip.is_multicast()
        || ip.is_documentation()
        || a == 0 // "this network"
        || (a == 100 && (64..128).contains(&b)) // carrier-grade NAT 100.64/10
        || (a == 192 && b == 0 && c == 0) // IETF protocol assignments
        || (a == 198 && (b == 18 || b == 19)) // benchmarking
        || a >= 240) // reserved
}

/// The policy switch shared by a fetcher and its resolver: `true` lets private addresses through (the explicit
/// opt-in: `CLAIMDESK_ALLOW_PRIVATE=1`, the workspace setting, the loopback test fixtures).
#[derive(Debug, Clone, Default)]
pub(crate) struct Policy {
    allow_private: Arc<AtomicBool>,
}

impl Policy {
    pub(crate) fn new(allow_private: bool) -> Self {
        Policy {
            allow_private: Arc::new(AtomicBool::new(allow_private)),
        }
    }

    pub(crate) fn allows_private(&self) -> bool {
        self.allow_private.load(Ordering::Relaxed)
    }

    pub(crate) fn set_allow_private(&self, allow: bool) {
        self.allow_private.store(allow, Ordering::Relaxed);
    }

    /// The check on a URL's host, before any I/O: refuses an IP-literal host that is not public (the URL parser
    /// has already turned `2130706433`, `0x7f.1` and the like into the address they mean).
    pub(crate) fn check_url(&self, url: &url::Url) -> Result<(), FetchError> {
        if self.allows_private() {
            return Ok(());
        }
        let ip = match url.host() {
            Some(url::Host::Ipv4(v4)) => IpAddr::V4(v4),
            Some(url::Host::Ipv6(v6)) => IpAddr::V6(v6),
            Some(url::Host::Domain(d)) => match d.trim_end_matches('.').parse::<IpAddr>() {
                Ok(ip) => ip,
                // `localhost` and its subdomains are loopback by definition (RFC 6761), whatever DNS says.
                Err(_) if is_localhost(d) => IpAddr::V6(Ipv6Addr::LOCALHOST),
                Err(_) => return Ok(()),
            },
            None => return Ok(()),
        };
        if is_public(ip) {
            Ok(())
        } else {
            Err(refused(url.host_str().unwrap_or_default(), ip))
        }
    }
}

fn is_localhost(host: &str) -> bool {
    let h = host.trim_end_matches('.').to_ascii_lowercase();
    h == "localhost" || h.ends_with(".localhost")
}

fn refused(host: &str, ip: IpAddr) -> FetchError {
    FetchError::PrivateAddress {
        host: host.to_string(),
        address: ip.to_string(),
    }
}

/// The error the resolver hands to the HTTP client; [`super::classify`] finds it in the error chain and turns it
/// back into [`FetchError::PrivateAddress`].
#[derive(Debug)]
pub(crate) struct Refused {
    pub(crate) host: String,
    pub(crate) address: IpAddr,
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} resolves to the non-public address {}",
            self.host, self.address
        )
    }
}

impl std::error::Error for Refused {}

impl From<&Refused> for FetchError {
    fn from(r: &Refused) -> Self {
        refused(&r.host, r.address)
    }
}

/// The resolver of the fetcher's HTTP client: the system resolver (getaddrinfo, on the blocking pool, as hyper's
/// default does), then the policy on every address. When a name has both public and private addresses the private
/// ones are dropped; when it has only private ones the connection is refused.
#[derive(Debug, Clone)]
pub(crate) struct Resolver {
    pub(crate) policy: Policy,
}

impl reqwest::dns::Resolve for Resolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let policy = self.policy.clone();
        let host = name.as_str().to_string();
        Box::pin(async move {
            let lookup = host.clone();
            let addrs: Vec<SocketAddr> =
                tokio::task::spawn_blocking(move || (lookup.as_str(), 0).to_socket_addrs())
                    .await
                    .map_err(|e| -> Box<dyn std::error::Error + Send + Sync> { Box::new(e) })??
                    .collect();
            if policy.allows_private() {
                return Ok(Box::new(addrs.into_iter()) as reqwest::dns::Addrs);
            }
            let first_private = addrs.iter().map(SocketAddr::ip).find(|ip| !is_public(*ip));
            let public: Vec<SocketAddr> = addrs.into_iter().filter(|a| is_public(a.ip())).collect();
            match (public.is_empty(), first_private) {
                (true, Some(address)) => Err(Box::new(Refused { host, address }) as _),
                _ => Ok(Box::new(public.into_iter()) as reqwest::dns::Addrs),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().expect("ip")
    }

    #[test]
    fn private_and_special_ranges_are_not_public() {
        for s in [
            "127.0.0.1",
            "127.8.9.10",
            "0.0.0.0",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "255.255.255.255",
            "224.0.0.1",
            "198.18.0.1",
            "::1",
            "::",
            "fe80::1",
            "fd00::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "64:ff9b::a9fe:a9fe",
        ] {
            assert!(!is_public(ip(s)), "{s} must not be public");
        }
        for s in [
            "93.184.216.34",
            "8.8.8.8",
            "2606:4700::1111",
            "::ffff:8.8.8.8",
        ] {
            assert!(is_public(ip(s)), "{s} is public");
        }
    }

    #[test]
    fn url_hosts_in_every_spelling_are_refused() {
        let policy = Policy::new(false);
        for u in [
            "http://127.0.0.1:8080/",
            "http://2130706433/",
            "http://0x7f.1/",
            "http://0.0.0.0/",
            "http://[::1]/",
            "http://[::ffff:169.254.169.254]/",
            "http://localhost/",
            "http://LOCALHOST./x",
            "http://api.localhost/",
            "http://169.254.169.254/latest/meta-data/",
            "http://10.0.0.7/",
        ] {
            let url = url::Url::parse(u).expect("url");
            let err = policy.check_url(&url).expect_err(u);
            assert_eq!(err.code(), "private_address", "{u}");
        }
        let ok = url::Url::parse("https://example.org/a").expect("url");
        assert!(policy.check_url(&ok).is_ok());
        policy.set_allow_private(true);
        let lo = url::Url::parse("http://127.0.0.1:1/").expect("url");
        assert!(
            policy.check_url(&lo).is_ok(),
            "the opt-in lets loopback through"
        );
    }
}
