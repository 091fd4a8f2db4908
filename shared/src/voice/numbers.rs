//! Numbers read aloud in Vietnamese, by the standard rules: 15 = mười lăm, 21 = hai mươi
//! mốt, 24 = hai mươi tư, 105 = một trăm linh năm, 1023 = một nghìn không trăm hai mươi ba.

/// Regional choices in reading numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reading {
    /// Word for an empty tens place before a unit: "linh" (north) or "lẻ" (south).
    pub zero_tens: &'static str,
    /// Word for thousand: "nghìn" (north) or "ngàn" (south).
    pub thousand: &'static str,
}

impl Default for Reading {
    fn default() -> Self {
        Reading {
            zero_tens: "linh",
            thousand: "nghìn",
        }
    }
}

const DIGITS: [&str; 10] = [
    "không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín",
];

/// The words for one digit on its own.
pub fn digit(d: u32) -> &'static str {
    DIGITS[(d % 10) as usize]
}

/// The words for `n`, e.g. `1023` → "một nghìn không trăm hai mươi ba".
pub fn words(n: u64, r: Reading) -> Vec<&'static str> {
    if n == 0 {
        return vec!["không"];
    }
    let scales = [
        (1_000_000_000, "tỷ"),
        (1_000_000, "triệu"),
        (1_000, r.thousand),
        (1, ""),
    ];
    let mut out = Vec::new();
    let mut rest = n;
    for (size, name) in scales {
        let group = (rest / size) as u32;
        rest %= size;
        if group == 0 {
            continue;
        }
        // After a higher group, a group is read in full: 1 023 = một nghìn không trăm hai mươi ba.
        hundreds(group, !out.is_empty(), r, &mut out);
        if !name.is_empty() {
            out.push(name);
        }
    }
    out
}

/// Words for 1..=999; `full` reads an empty hundreds place as "không trăm".
fn hundreds(n: u32, full: bool, r: Reading, out: &mut Vec<&'static str>) {
    let (h, t, u) = (n / 100, n / 10 % 10, n % 10);
    if h > 0 || full {
        out.extend([digit(h), "trăm"]);
    }
    match (t, u) {
        (0, 0) => {}
        (0, u) if h > 0 || full => out.extend([r.zero_tens, digit(u)]),
        (0, u) => out.push(digit(u)),
        (1, u) => {
            out.push("mười");
            match u {
                0 => {}
                5 => out.push("lăm"),
                u => out.push(digit(u)),
            }
        }
        (t, u) => {
            out.extend([digit(t), "mươi"]);
            match u {
                0 => {}
                1 => out.push("mốt"),
                4 => out.push("tư"),
                5 => out.push("lăm"),
                u => out.push(digit(u)),
            }
        }
    }
}

/// How a capital letter of a ticket prefix is said (Vietnamese letter names).
pub fn letter(c: char) -> Option<&'static str> {
    Some(match c {
        'A' => "a",
        'B' => "bê",
        'C' => "xê",
        'D' => "dê",
        'Đ' => "đê",
        'E' => "e",
        'F' => "ép",
        'G' => "giê",
        'H' => "hát",
        'I' => "i",
        'J' => "gi",
        'K' => "ca",
        'L' => "e-lờ",
        'M' => "em-mờ",
        'N' => "en-nờ",
        'O' => "o",
        'P' => "pê",
        'Q' => "quy",
        'R' => "e-rờ",
        'S' => "ét-xì",
        'T' => "tê",
        'U' => "u",
        'V' => "vê",
        'W' => "vê kép",
        'X' => "ích-xì",
        'Y' => "i dài",
        'Z' => "dét",
        _ => return None,
    })
}

/// A ticket as said aloud: the prefix letters (or digit), then in `digits` style each
/// leading zero as "không" and the rest as a number ("A không hai mươi ba"), in `whole`
/// style the number alone ("A hai mươi ba").
pub fn ticket(display: &str, prefix: &str, digits_style: bool, r: Reading) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for c in prefix.chars() {
        match (letter(c), c.to_digit(10)) {
            (Some(name), _) => out.push(name),
            (None, Some(d)) => out.push(digit(d)),
            _ => {}
        }
    }
    let number = display.strip_prefix(prefix).unwrap_or(display);
    if digits_style {
        let zeros = number.len() - number.trim_start_matches('0').len();
        let zeros = zeros.min(number.len().saturating_sub(1));
        out.extend(std::iter::repeat_n("không", zeros));
    }
    out.extend(words(number.parse().unwrap_or(0), r));
    out
}
