//! The cookie a member's page holds: its ballot and that ballot's key (the database keeps only the
//! key's SHA-256 and checks it on every save). Nothing else is kept per session, so a restarted
//! server knows every open page at once and no member retypes a resume code (issue 25 §5).
//! Built and read with the `cookie` crate; `HttpOnly` keeps it from script, `SameSite=Strict`
//! from other sites, and its path from anything but this join code's routes.

use axum::http::{header, HeaderMap, HeaderValue};
use cookie::{Cookie, SameSite};

use crate::BallotKey;

const NAME: &str = "govmat_ballot";
/// The key is 64 hex digits; an id is a few digits. Anything longer is not ours.
const MAX_VALUE: usize = 100;

/// The `Set-Cookie` value that gives a page its ballot, under `/j/<join code>/`.
pub(crate) fn set_cookie(join_code: &str, ballot: &BallotKey) -> Option<HeaderValue> {
    let cookie = Cookie::build((NAME, format!("{}.{}", ballot.respondent_id, ballot.key)))
        .path(format!("/j/{join_code}/"))
        .http_only(true)
        .same_site(SameSite::Strict)
        .build();
    HeaderValue::from_str(&cookie.to_string()).ok()
}

/// The ballot a request's cookie holds, if any cookie of ours is well formed. Whether the key is
/// right is the database's to say, when the ballot is written.
pub(crate) fn ballot(headers: &HeaderMap) -> Option<BallotKey> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|c| c.name() == NAME)
        .and_then(|c| parse(c.value()))
}

fn parse(value: &str) -> Option<BallotKey> {
    if value.len() > MAX_VALUE {
        return None;
    }
    let (id, key) = value.split_once('.')?;
    let well_formed = !key.is_empty() && key.bytes().all(|b| b.is_ascii_hexdigit());
    Some(BallotKey {
        respondent_id: id.parse().ok().filter(|id: &i64| *id > 0)?,
        key: well_formed.then(|| key.to_string())?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_gets_back_the_ballot_its_cookie_was_given_and_nothing_forged() {
        let key = BallotKey {
            respondent_id: 42,
            key: "ab".repeat(32),
        };
        let set = set_cookie("abcdefghijkmnpqrstuvwxyz23", &key).expect("a cookie");
        let set = set.to_str().expect("text");
        assert!(
            set.contains("HttpOnly") && set.contains("SameSite=Strict"),
            "{set}"
        );
        assert!(set.contains("Path=/j/abcdefghijkmnpqrstuvwxyz23/"), "{set}");
        let sent = set.split(';').next().expect("name=value");
        let mut headers = HeaderMap::new();
        headers.insert(header::COOKIE, HeaderValue::from_static("theme=dark"));
        headers.append(
            header::COOKIE,
            HeaderValue::from_str(&format!("other=1; {sent}")).unwrap(),
        );
        let back = ballot(&headers).expect("the ballot");
        assert_eq!((back.respondent_id, back.key), (42, key.key));
        for forged in [
            "govmat_ballot=forged",
            "govmat_ballot=42",
            "govmat_ballot=x.abcd",
            "govmat_ballot=-1.abcd",
            "govmat_ballot=42.zz",
            "govmat_ballot=42.",
        ] {
            let mut h = HeaderMap::new();
            h.insert(header::COOKIE, HeaderValue::from_static(forged));
            assert!(ballot(&h).is_none(), "{forged} holds no ballot");
        }
    }
}
