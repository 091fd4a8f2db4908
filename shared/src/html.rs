//! Text for the hub's web pages: one escape for HTML and SVG, so no page forgets a case.

/// Text made safe inside HTML or SVG elements and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn markup_and_quotes_are_escaped_and_vietnamese_is_kept() {
        assert_eq!(
            super::escape(r#"<b>"Quầy" & 'số'</b>"#),
            "&lt;b&gt;&quot;Quầy&quot; &amp; &#39;số&#39;&lt;/b&gt;"
        );
    }
}
