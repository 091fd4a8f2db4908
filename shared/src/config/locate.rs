//! Turns a byte offset in the configuration text into a line and a dotted key path.

/// 1-based line number of `offset`.
pub fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// Dotted path of the key written on the line holding `offset`, e.g. `fields[2].prefix`.
///
/// The table comes from the nearest header above; array tables are counted so the index
/// matches what a person sees (1-based, as they count entries in the file).
pub fn key_at(text: &str, offset: usize) -> String {
    let end = offset.min(text.len());
    let line_start = text[..end].rfind('\n').map_or(0, |i| i + 1);
    let raw = text[line_start..].split('\n').next().unwrap_or("");
    let line = raw.trim();
    if header_name(line).is_some() {
        return table_above(&text[..line_start + raw.len()]);
    }
    let key = key_name(line);
    if line.starts_with('[') {
        // A header too broken to parse, e.g. `[printer`: name the table it was meant to open.
        return key.to_string();
    }
    let table = table_above(&text[..line_start]);
    match (table.is_empty(), key.is_empty()) {
        (true, _) => key.to_string(),
        (false, true) => table,
        (false, false) => format!("{table}.{key}"),
    }
}

/// The key a line starts with: `name` in `name = 1` or in the broken `name 1`, `a b` in
/// `"a b" = 1`, `printer` in `[printer`; empty for a comment or a blank line.
fn key_name(line: &str) -> &str {
    let line = line.trim_start_matches('[').trim_start();
    if let Some(quoted) = line.strip_prefix('"') {
        return quoted.split('"').next().unwrap_or("");
    }
    let end = line
        .find(|c: char| !(c.is_ascii_alphanumeric() || "_-.".contains(c)))
        .unwrap_or(line.len());
    &line[..end]
}

/// The name inside `[name]` or `[[name]]`, if the line is a header.
fn header_name(line: &str) -> Option<&str> {
    let line = line.split('#').next().unwrap_or("").trim();
    line.strip_prefix("[[")
        .and_then(|l| l.strip_suffix("]]"))
        .or_else(|| line.strip_prefix('[').and_then(|l| l.strip_suffix(']')))
        .map(str::trim)
}

/// The table that the text ends inside, e.g. `office` or `fields[3]`.
fn table_above(text: &str) -> String {
    let mut current = String::new();
    let mut counts: Vec<(String, usize)> = Vec::new();
    for line in text.lines() {
        let trimmed = line.trim();
        let Some(name) = header_name(trimmed) else {
            continue;
        };
        if trimmed.starts_with("[[") {
            let n = match counts.iter_mut().find(|(k, _)| k == name) {
                Some((_, n)) => {
                    *n += 1;
                    *n
                }
                None => {
                    counts.push((name.to_string(), 1));
                    1
                }
            };
            current = format!("{name}[{n}]");
        } else {
            current = name.to_string();
        }
    }
    current
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "[office]\nname = \"X\"\n\n[[fields]]\ncode = \"A\"\n[[fields]]\ncode = \"B\"\nprefix = \"Q\"\n";

    #[test]
    fn keys_are_named_with_their_table_and_entry() {
        assert_eq!(
            key_at(TEXT, TEXT.find("name").expect("in the text")),
            "office.name"
        );
        assert_eq!(
            key_at(TEXT, TEXT.find("prefix").expect("in the text")),
            "fields[2].prefix"
        );
        assert_eq!(line_of(TEXT, TEXT.find("prefix").expect("in the text")), 8);
    }

    #[test]
    fn a_broken_line_is_named_by_its_key_alone() {
        let text = "[queue]\nmax_recalls 3   # recalls = 3\n[printer\n";
        assert_eq!(
            key_at(text, text.find("max_recalls").expect("in the text")),
            "queue.max_recalls"
        );
        assert_eq!(
            key_at(text, text.find("[printer").expect("in the text")),
            "printer"
        );
        assert_eq!(key_at("# a comment\n[office]\n", 0), "");
    }

    #[test]
    fn a_header_line_names_its_own_table() {
        let at = TEXT.rfind("[[fields]]").expect("in the text");
        assert_eq!(key_at(TEXT, at), "fields[2]");
    }
}
