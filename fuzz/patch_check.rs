//! Shared by the patcher fuzz targets: rewrite the token in `text` and check that the output
//! parses again with the new token at every site, and differs from the input only inside the
//! token's spans (where a bare scheme such as `Bearer` also gets the space before the token).

use jwtadm::formats::{self, Format, Target};

const NEW: &str = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJmdXp6In0.bmV3LXNpZ25hdHVyZS1mb3ItZnV6emluZw";

pub fn check(format: Format, data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let target = Target {
        var: "EXAI_JWT_TOKEN".into(),
        server: None,
        header: (mode & 1 == 1 && format != Format::Dotenv).then(|| "Authorization".to_string()),
    };
    let Ok((new, found)) = formats::rewrite(format, text, &target, NEW) else {
        return;
    };
    // It parses again, with the new token at as many sites.
    let again = formats::find(format, &new, &target).expect("the rewritten file parses again");
    assert_eq!(again.sites.len(), found.sites.len());
    assert!(again.sites.iter().all(|s| s.token == NEW));
    // Outside the sites, the bytes are the input's.
    let mut sites = found.sites.clone();
    sites.sort_by_key(|s| s.span.start);
    let (mut at_old, mut at_new) = (0, 0);
    for s in &sites {
        let keep = s.span.start - at_old;
        assert_eq!(
            &text[at_old..s.span.start],
            &new[at_new..at_new + keep],
            "bytes outside the token changed"
        );
        at_new += keep;
        // What stands in the span: the lead a bare scheme needs (`Bearer` + " "), then the token.
        assert_eq!(&new[at_new..at_new + s.lead.len()], s.lead);
        at_new += s.lead.len();
        assert_eq!(&new[at_new..at_new + NEW.len()], NEW);
        at_new += NEW.len();
        at_old = s.span.end;
    }
    assert_eq!(
        &text[at_old..],
        &new[at_new..],
        "bytes after the last token changed"
    );
    if format == Format::Json && formats::json::is_strict(text) {
        assert!(formats::json::is_strict(&new), "strict JSON became JSONC");
    }
}
