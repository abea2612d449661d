//! Input checks shared by the use cases: free text and links. Pure; every refusal is a
//! `validation` error naming the field.

use crate::error::{Error, Result};

/// Longest link accepted anywhere (what browsers and CDNs reliably handle).
pub const MAX_URL: usize = 2048;

/// Trims a free-text field; empty becomes `None`; longer than `max` characters is refused.
///
/// # Errors
/// `validation` on `field` when too long.
pub fn text(field: &str, value: Option<String>, max: usize) -> Result<Option<String>> {
    let Some(v) = value else { return Ok(None) };
    let v = v.trim().to_string();
    if v.is_empty() {
        return Ok(None);
    }
    if v.chars().count() > max {
        return Err(Error::validation(
            field,
            format!("is longer than {max} characters"),
        ));
    }
    Ok(Some(v))
}

/// Checks an optional link: trimmed, `https://` with a host, at most [`MAX_URL`] characters,
/// no spaces or control characters (which would break it, or hide what it points to).
///
/// # Errors
/// `validation` on `field`.
pub fn https_url(field: &str, value: Option<String>) -> Result<Option<String>> {
    let Some(url) = text(field, value, MAX_URL)? else {
        return Ok(None);
    };
    let Some(rest) = url.strip_prefix("https://") else {
        return Err(Error::validation(field, "must be an https:// URL"));
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if host.is_empty() {
        return Err(Error::validation(field, "has no host"));
    }
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(Error::validation(
            field,
            "contains spaces or control characters",
        ));
    }
    Ok(Some(url))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn text_trims_empties_and_limits() {
        assert_eq!(text("f", None, 3).unwrap(), None);
        assert_eq!(text("f", Some("  ".into()), 3).unwrap(), None);
        assert_eq!(
            text("f", Some(" abc ".into()), 3).unwrap(),
            Some("abc".into())
        );
        // Characters, not bytes.
        assert_eq!(
            text("f", Some("ééé".into()), 3).unwrap(),
            Some("ééé".into())
        );
        assert_eq!(
            text("f", Some("abcd".into()), 3).unwrap_err().field(),
            Some("f")
        );
    }

    #[test]
    fn only_https_links_with_a_host() {
        let ok = |s: &str| https_url("u", Some(s.into()));
        assert_eq!(
            ok(" https://cdn.example/a.png ").unwrap(),
            Some("https://cdn.example/a.png".into())
        );
        assert_eq!(https_url("u", None).unwrap(), None);
        for bad in [
            "http://cdn.example/a.png",
            "https://",
            "https:///path",
            "javascript:alert(1)",
            "https://cdn.example/a b.png",
            "ftp://x",
        ] {
            assert_eq!(ok(bad).unwrap_err().field(), Some("u"), "{bad}");
        }
        let long = format!("https://cdn.example/{}", "a".repeat(MAX_URL));
        assert!(ok(&long).is_err());
    }

    proptest! {
        #[test]
        fn an_accepted_link_is_https_with_a_host_and_fits(s in "\\PC{0,64}") {
            if let Ok(Some(url)) = https_url("u", Some(s)) {
                prop_assert!(url.starts_with("https://"));
                prop_assert!(url.len() > "https://".len());
                prop_assert!(!url.contains(' '));
                prop_assert!(url.chars().count() <= MAX_URL);
            }
        }
    }
}
