//! Bad office files and the exact message a person sees for each.
//!
//! Every case starts from the default office, makes one small edit, and checks the whole
//! message, including that its line number is the line that really holds the offending key.

use std::path::Path;

use shared::config::{Config, ConfigError};

const OFFICE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../assets/config/office.toml");

fn default_text() -> String {
    std::fs::read_to_string(OFFICE).expect("the default office file")
}

/// One small change to the default text.
enum Edit {
    /// Replace the one occurrence of the first snippet with the second.
    Replace(&'static str, &'static str),
    /// Add text at the end of the file.
    Append(&'static str),
}

/// A bad file: its name, the edit, a snippet that occurs once in the edited text and starts
/// on the line the message must name, and the whole message.
type Case = (&'static str, Edit, &'static str, &'static str);

use Edit::{Append, Replace};

const CASES: &[Case] = &[
    (
        "unknown key in [office]",
        Replace(
            "target_minutes = 15",
            "target_minutes = 15\ncolour = \"blue\"",
        ),
        "colour = \"blue\"",
        "office.toml:13: office.colour: unknown key `colour`, expected one of `name`, `name_en`, \
         `ticket_footer`, `ticket_footer_en`, `time_zone`, `day_starts_at`, `target_minutes`, \
         `breaks`",
    ),
    (
        "unknown key in a [[fields]] entry",
        Replace("prefix = \"C\"", "prefix = \"C\"\ncolor = \"red\""),
        "color = \"red\"",
        "office.toml:41: fields[3].color: unknown key `color`, expected one of `code`, `name`, \
         `name_en`, `prefix`, `start`, `end`, `digits`, `wrap`, `daily_limit`",
    ),
    (
        "unknown table",
        Append("\n[screen]\ntheme = \"dark\"\n"),
        "[screen]",
        "office.toml:172: screen: unknown key `screen`, expected one of `office`, `queue`, \
         `fields`, `counters`, `clerks`, `printer`, `voice`, `display`, `hub`",
    ),
    (
        "display highlight of zero seconds",
        Replace("highlight_seconds = 8", "highlight_seconds = 0"),
        "highlight_seconds = 0",
        "office.toml:155: display.highlight_seconds: 0 seconds is outside 1 to 60",
    ),
    (
        "TOML syntax error",
        Replace("max_recalls = 3", "max_recalls 3"),
        "max_recalls 3",
        "office.toml:18: queue.max_recalls: key with no value, expected `=`",
    ),
    (
        "unclosed table header",
        Replace("[printer]", "[printer"),
        "[printer",
        "office.toml:140: printer: unclosed table, expected `]`",
    ),
    (
        "duplicate key",
        Replace(
            "name_en = \"Employment\"",
            "name_en = \"Employment\"\nname = \"Việc làm 2\"",
        ),
        "name = \"Việc làm 2\"",
        "office.toml:28: fields[1].name: duplicate key",
    ),
    (
        "string where a number goes",
        Replace("target_minutes = 15", "target_minutes = \"15\""),
        "target_minutes",
        "office.toml:12: office.target_minutes: invalid type: string \"15\", expected a whole number of 0 or more",
    ),
    (
        "string where a fraction goes",
        Replace("volume = 0.9", "volume = \"loud\""),
        "volume",
        "office.toml:146: voice.volume: invalid type: string \"loud\", expected a number",
    ),
    (
        "field without prefix",
        Replace("prefix = \"G\"\n", ""),
        "[[fields]]\ncode = \"LDTL\"",
        "office.toml:54: fields[6]: missing key `prefix`",
    ),
    (
        "hub without office_key",
        Replace("office_key = \"doi-khoa-nay-truoc-khi-dung\"", ""),
        "[hub]",
        "office.toml:158: hub: missing key `office_key`",
    ),
    (
        "no [hub] table",
        Replace(
            "[hub]\nlisten = \"0.0.0.0:8080\"\noffice_key = \"doi-khoa-nay-truoc-khi-dung\"   \
             # change this before the office goes live\nadvertise = false",
            "",
        ),
        "# The default office",
        "office.toml:1: top level: missing key `hub`",
    ),
    (
        "duplicate field code",
        Replace("code = \"BHTN\"", "code = \"VL\"  # again"),
        "code = \"VL\"  # again",
        "office.toml:31: fields[2].code: field VL is defined twice",
    ),
    (
        "duplicate prefix",
        Replace("prefix = \"B\"", "prefix = \"A\"  # again"),
        "prefix = \"A\"  # again",
        "office.toml:34: fields[2].prefix: \"A\" is already the prefix of field VL",
    ),
    (
        "bad prefix",
        Replace("prefix = \"C\"", "prefix = \"a1\""),
        "prefix = \"a1\"",
        "office.toml:40: fields[3].prefix: \"a1\" must be 1 to 3 capital letters or a single digit",
    ),
    (
        "start after end",
        Replace("prefix = \"D\"", "prefix = \"D\"\nstart = 500\nend = 100"),
        "end = 100",
        "office.toml:48: fields[4].end: the range 500 to 100 is empty",
    ),
    (
        "start after the default end",
        Replace("prefix = \"E\"", "prefix = \"E\"\nstart = 1000"),
        "start = 1000",
        "office.toml:53: fields[5].start: 1000 is after the last number 999; set `end`",
    ),
    (
        "end does not fit in digits",
        Replace("prefix = \"E\"", "prefix = \"E\"\ndigits = 2\nend = 100"),
        "end = 100",
        "office.toml:54: fields[5].end: 100 does not fit in 2 digits (at most 99)",
    ),
    (
        "default end does not fit in digits",
        Replace("prefix = \"E\"", "prefix = \"E\"\ndigits = 2"),
        "digits = 2",
        "office.toml:53: fields[5].digits: the last number 999 does not fit in 2 digits; set `end` to \
         at most 99",
    ),
    (
        "bad time zone",
        Replace(
            "time_zone = \"Asia/Ho_Chi_Minh\"",
            "time_zone = \"Asia/Hanoi\"",
        ),
        "time_zone",
        "office.toml:10: office.time_zone: unknown time zone \"Asia/Hanoi\"; use an IANA name such as \
         \"Asia/Ho_Chi_Minh\"",
    ),
    (
        "bad day_starts_at",
        Replace("day_starts_at = \"00:00\"", "day_starts_at = \"25:00\""),
        "day_starts_at",
        "office.toml:11: office.day_starts_at: \"25:00\" is not a time of day as HH:MM, e.g. \"00:00\"",
    ),
    (
        "a break that is not HH:MM-HH:MM",
        Replace("breaks = [\"11:30-13:30\"]", "breaks = [\"11:30-1330\"]"),
        "breaks",
        "office.toml:13: office.breaks[0]: \"11:30-1330\" is not a break as HH:MM-HH:MM, e.g. \
         \"11:30-13:30\"",
    ),
    (
        "a break that ends before it starts",
        Replace("breaks = [\"11:30-13:30\"]", "breaks = [\"13:30-11:30\"]"),
        "breaks",
        "office.toml:13: office.breaks[0]: \"13:30-11:30\" ends before it starts",
    ),
    (
        "breaks out of order",
        Replace(
            "breaks = [\"11:30-13:30\"]",
            "breaks = [\"11:30-13:30\", \"09:00-09:15\"]",
        ),
        "breaks",
        "office.toml:13: office.breaks[1]: \"09:00-09:15\" starts before the break before it ends; \
         list breaks in order",
    ),
    (
        "counter serving an unknown field",
        Replace(
            "fields = [\"NCC\", \"BTXH\"]",
            "fields = [\"NCC\", \"XYZ\"]",
        ),
        "fields = [\"NCC\", \"XYZ\"]",
        "office.toml:103: counters[5].fields: unknown field \"XYZ\"",
    ),
    (
        "counter listing a field twice",
        Replace(
            "fields = [\"GDNN\", \"LDNN\"]",
            "fields = [\"GDNN\", \"LDNN\", \"GDNN\"]",
        ),
        "fields = [\"GDNN\", \"LDNN\", \"GDNN\"]",
        "office.toml:95: counters[3].fields: field GDNN is listed twice",
    ),
    (
        "duplicate counter number",
        Replace("number = 4", "number = 2  # again"),
        "number = 2  # again",
        "office.toml:98: counters[4].number: counter 2 is defined twice",
    ),
    (
        "duplicate clerk id",
        Replace("id = \"mai\"", "id = \"lan\"  # again"),
        "id = \"lan\"  # again",
        "office.toml:121: clerks[3].id: clerk \"lan\" is defined twice",
    ),
    (
        "pin_hash that is not an Argon2 hash",
        Replace("$argon2id$v=19$m=19456,t=2,p=1$pC5ij", "$sha256$pC5ij"),
        "pin_hash = \"$sha256$",
        "office.toml:118: clerks[2].pin_hash: not an Argon2 PIN hash; make one with `kiosk hash-pin`",
    ),
    (
        "network printer without address",
        Replace("connection = \"none\"", "connection = \"network\""),
        "connection = \"network\"",
        "office.toml:141: printer.connection: a network printer needs `address`",
    ),
    (
        "network printer with an empty address",
        Replace(
            "connection = \"none\"",
            "connection = \"network\"\naddress = \"\"",
        ),
        "address = \"\"",
        "office.toml:142: printer.address: is empty; a network printer needs one",
    ),
    (
        "bad paper_mm",
        Replace("paper_mm = 80", "paper_mm = 57"),
        "paper_mm",
        "office.toml:142: printer.paper_mm: 57 mm paper is not supported; use 58 or 80",
    ),
    (
        "bad voice.zero_tens",
        Replace("zero_tens = \"linh\"", "zero_tens = \"le\""),
        "zero_tens",
        "office.toml:149: voice.zero_tens: \"le\" is not one of linh, lẻ",
    ),
    (
        "voice said four times",
        Replace("thousand = \"nghìn\"", "thousand = \"nghìn\"\nrepeat = 4"),
        "repeat = 4",
        "office.toml:151: voice.repeat: 4 is outside 1 to 3 times",
    ),
    (
        "short office_key",
        Replace(
            "office_key = \"doi-khoa-nay-truoc-khi-dung\"",
            "office_key = \"short\"",
        ),
        "office_key",
        "office.toml:160: hub.office_key: the office key has 5 characters; use at least 12",
    ),
    (
        "rating window of zero minutes",
        Replace("rating_minutes = 30", "rating_minutes = 0"),
        "rating_minutes = 0",
        "office.toml:21: queue.rating_minutes: 0 is outside 1 to 1440 minutes",
    ),
];

/// 1-based line on which `snippet` starts; the snippet must occur exactly once.
fn line_of(text: &str, snippet: &str, name: &str) -> usize {
    assert_eq!(
        text.matches(snippet).count(),
        1,
        "{name}: `{snippet}` must occur once in the edited file"
    );
    let offset = text.find(snippet).unwrap_or_default();
    text[..offset].matches('\n').count() + 1
}

#[test]
fn each_bad_file_is_refused_with_its_message() {
    let original = default_text();
    for (name, edit, at, expected) in CASES {
        let text = match *edit {
            Replace(from, to) => {
                assert_eq!(
                    original.matches(from).count(),
                    1,
                    "{name}: `{from}` must occur once in the default file"
                );
                original.replacen(from, to, 1)
            }
            Append(more) => format!("{original}{more}"),
        };
        let message = match Config::parse("office.toml", &text) {
            Ok(_) => panic!("{name}: the file was accepted"),
            Err(e) => e.to_string(),
        };
        assert_eq!(message, *expected, "case: {name}");
        let shown = message
            .split(':')
            .nth(1)
            .and_then(|l| l.parse::<usize>().ok());
        let line = line_of(&text, at, name);
        assert_eq!(
            shown,
            Some(line),
            "case: {name}: the message must name the line of `{at}`"
        );
    }
}

#[test]
fn the_default_office_is_valid() {
    let config = Config::parse("office.toml", &default_text()).expect("the default office parses");
    assert_eq!(config.fields.len(), 10);
}

#[test]
fn a_missing_file_names_its_path() {
    let path = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/no-such-dir/office.toml"
    ));
    let err = Config::load(path).expect_err("a missing file is refused");
    let shown = path.display().to_string();
    assert!(
        matches!(&err, ConfigError::Read { path, .. } if *path == shown),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        format!("{shown}: cannot read the configuration: No such file or directory (os error 2)")
    );
}
