//! Numbers and calls as a Vietnamese voice says them, by the standard rules.

use shared::voice::{Reading, call, ticket, words};

fn said(n: u64) -> String {
    words(n, Reading::default()).join(" ")
}

#[test]
fn numbers_are_read_by_the_standard_rules() {
    #[rustfmt::skip]
    let table: &[(u64, &str)] = &[
        (0, "không"), (1, "một"), (2, "hai"), (3, "ba"), (4, "bốn"), (5, "năm"), (6, "sáu"),
        (7, "bảy"), (8, "tám"), (9, "chín"), (10, "mười"), (11, "mười một"), (12, "mười hai"),
        (14, "mười bốn"), (15, "mười lăm"), (19, "mười chín"), (20, "hai mươi"),
        (21, "hai mươi mốt"), (22, "hai mươi hai"), (24, "hai mươi tư"), (25, "hai mươi lăm"),
        (30, "ba mươi"), (31, "ba mươi mốt"), (34, "ba mươi tư"), (35, "ba mươi lăm"),
        (44, "bốn mươi tư"), (45, "bốn mươi lăm"), (50, "năm mươi"), (51, "năm mươi mốt"),
        (55, "năm mươi lăm"), (99, "chín mươi chín"), (100, "một trăm"),
        (101, "một trăm linh một"), (104, "một trăm linh bốn"), (105, "một trăm linh năm"),
        (110, "một trăm mười"), (111, "một trăm mười một"), (115, "một trăm mười lăm"),
        (120, "một trăm hai mươi"), (121, "một trăm hai mươi mốt"), (124, "một trăm hai mươi tư"),
        (205, "hai trăm linh năm"), (300, "ba trăm"), (555, "năm trăm năm mươi lăm"),
        (999, "chín trăm chín mươi chín"), (1000, "một nghìn"),
        (1001, "một nghìn không trăm linh một"), (1005, "một nghìn không trăm linh năm"),
        (1010, "một nghìn không trăm mười"), (1015, "một nghìn không trăm mười lăm"),
        (1021, "một nghìn không trăm hai mươi mốt"), (1023, "một nghìn không trăm hai mươi ba"),
        (1100, "một nghìn một trăm"), (1105, "một nghìn một trăm linh năm"),
        (2024, "hai nghìn không trăm hai mươi tư"), (10000, "mười nghìn"),
        (15000, "mười lăm nghìn"), (21000, "hai mươi mốt nghìn"), (100000, "một trăm nghìn"),
        (105000, "một trăm linh năm nghìn"),
        (999999, "chín trăm chín mươi chín nghìn chín trăm chín mươi chín"),
        (1000000, "một triệu"), (1000005, "một triệu không trăm linh năm"), (2000000, "hai triệu"),
    ];
    assert!(table.len() >= 60);
    for (n, want) in table {
        assert_eq!(said(*n), *want, "{n}");
    }
}

#[test]
fn southern_reading_says_le_and_ngan() {
    let south = Reading {
        zero_tens: "lẻ",
        thousand: "ngàn",
    };
    assert_eq!(words(105, south).join(" "), "một trăm lẻ năm");
    assert_eq!(
        words(1023, south).join(" "),
        "một ngàn không trăm hai mươi ba"
    );
    assert_eq!(words(2005, south).join(" "), "hai ngàn không trăm lẻ năm");
}

#[test]
fn tickets_are_read_with_their_prefix_in_both_styles() {
    let r = Reading::default();
    let cases: &[(&str, &str, bool, &str)] = &[
        ("A023", "A", true, "a không hai mươi ba"),
        ("A023", "A", false, "a hai mươi ba"),
        ("A001", "A", true, "a không không một"),
        ("A100", "A", true, "a một trăm"),
        ("B105", "B", true, "bê một trăm linh năm"),
        ("K010", "K", true, "ca không mười"),
        ("H015", "H", false, "hát mười lăm"),
        ("1023", "1", true, "một không hai mươi ba"),
        ("M999", "M", true, "em-mờ chín trăm chín mươi chín"),
    ];
    for (display, prefix, digits, want) in cases {
        assert_eq!(
            ticket(display, prefix, *digits, r).join(" "),
            *want,
            "{display} digits={digits}"
        );
    }
}

#[test]
fn a_call_is_one_sentence_from_the_office_settings() {
    let text = include_str!("../../assets/config/office.toml");
    let office = shared::config::Config::parse("office.toml", text).expect("default office");
    let words = call("A023", "A", 3, &office.voice).join(" ");
    assert_eq!(
        words,
        "xin mời khách hàng số a không hai mươi ba đến quầy số ba"
    );
}
