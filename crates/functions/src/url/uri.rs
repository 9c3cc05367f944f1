//! A URI split into its raw components as Java's `java.net.URI` (RFC 2396) parses it: what
//! Spark's `ParseUrl` reads (`getHost`, `getRawPath`, `getRawQuery`, ...). A string Java
//! rejects (`URISyntaxException`) gives `None`.

/// The raw components; `None` where Java's getter returns null.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Uri {
    pub scheme: Option<String>,
    pub authority: Option<String>,
    pub user_info: Option<String>,
    pub host: Option<String>,
    pub path: Option<String>,
    pub query: Option<String>,
    pub fragment: Option<String>,
}

/// Characters RFC 2396 allows unescaped somewhere in a URI (reserved, unreserved, `%`, and
/// the `[]` of IPv6 literals); Java also accepts non-ASCII "other" characters.
fn legal(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || "-_.!~*'();/?:@&=+$,%[]#".contains(c)
        || (!c.is_ascii() && !c.is_control() && !c.is_whitespace())
}

fn escapes_ok(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            if !(b.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && b.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
            {
                return false;
            }
            i += 3;
        } else {
            i += 1;
        }
    }
    true
}

/// Parses `s` as `new URI(s)` does.
pub(crate) fn parse(s: &str) -> Option<Uri> {
    if s.is_empty() {
        return Some(Uri {
            path: Some(String::new()),
            ..Uri::default()
        });
    }
    if !s.chars().all(legal) || !escapes_ok(s) {
        return None;
    }
    let (before_frag, fragment) = match s.split_once('#') {
        Some((a, f)) => {
            if f.contains('#') {
                return None;
            }
            (a, Some(f.to_string()))
        }
        None => (s, None),
    };
    let mut u = Uri {
        fragment,
        ..Uri::default()
    };
    let colon = before_frag.find(':');
    let first_sep = before_frag.find(['/', '?']);
    let rest = match colon {
        Some(c) if first_sep.is_none_or(|p| c < p) => {
            let scheme = &before_frag[..c];
            let mut cs = scheme.chars();
            if !cs.next().is_some_and(|c| c.is_ascii_alphabetic())
                || !cs.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
            {
                return None;
            }
            u.scheme = Some(scheme.to_string());
            let rest = &before_frag[c + 1..];
            if rest.is_empty() {
                return None;
            }
            if !rest.starts_with('/') {
                // Opaque: only the scheme and fragment are reported.
                return Some(u);
            }
            rest
        }
        _ => before_frag,
    };
    let (hier, query) = match rest.split_once('?') {
        Some((h, q)) => (h, Some(q.to_string())),
        None => (rest, None),
    };
    u.query = query;
    if let Some(after) = hier.strip_prefix("//") {
        let end = after.find('/').unwrap_or(after.len());
        let auth = &after[..end];
        u.path = Some(after[end..].to_string());
        if !auth.is_empty() {
            u.authority = Some(auth.to_string());
            server_authority(auth, &mut u)?;
        } else if u.path.as_deref() == Some("") && u.query.is_none() && u.fragment.is_none() {
            return None;
        }
    } else {
        u.path = Some(hier.to_string());
    }
    Some(u)
}

/// Fills user info and host when the authority is server-based; a registry-based authority
/// (not a valid host) leaves them unset, as Java does.
fn server_authority(auth: &str, u: &mut Uri) -> Option<()> {
    let (user, hostport) = match auth.rfind('@') {
        Some(p) => (Some(&auth[..p]), &auth[p + 1..]),
        None => (None, auth),
    };
    let (host, port) = if hostport.starts_with('[') {
        let close = hostport.find(']')?;
        (&hostport[..=close], &hostport[close + 1..])
    } else {
        match hostport.rfind(':') {
            Some(p) => (&hostport[..p], &hostport[p..]),
            None => (hostport, ""),
        }
    };
    let port_ok =
        port.is_empty() || (port.starts_with(':') && port[1..].bytes().all(|b| b.is_ascii_digit()));
    let host_ok = host.starts_with('[') || valid_hostname(host);
    if port_ok && host_ok {
        u.user_info = user.map(str::to_string);
        u.host = Some(host.to_string());
    }
    Some(())
}

fn valid_hostname(h: &str) -> bool {
    let h = h.strip_suffix('.').unwrap_or(h);
    !h.is_empty()
        && h.split('.').all(|l| {
            !l.is_empty()
                && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                && !l.starts_with('-')
                && !l.ends_with('-')
        })
        && h.rsplit('.').next().is_some_and(|top| {
            top.starts_with(|c: char| c.is_ascii_alphabetic()) || h.split('.').count() == 4
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_follow_java() {
        let u = parse("http://user:pw@spark.apache.org:8080/path/a?query=1&b=2#frag").unwrap();
        assert_eq!(u.scheme.as_deref(), Some("http"));
        assert_eq!(
            u.authority.as_deref(),
            Some("user:pw@spark.apache.org:8080")
        );
        assert_eq!(u.user_info.as_deref(), Some("user:pw"));
        assert_eq!(u.host.as_deref(), Some("spark.apache.org"));
        assert_eq!(u.path.as_deref(), Some("/path/a"));
        assert_eq!(u.query.as_deref(), Some("query=1&b=2"));
        assert_eq!(u.fragment.as_deref(), Some("frag"));
        assert!(parse("inva lid://spark.apache.org/path?query=1").is_none());
        assert!(parse("http://a.b/%zz").is_none());
        assert_eq!(parse("mailto:x@y.z").unwrap().path, None);
    }
}
