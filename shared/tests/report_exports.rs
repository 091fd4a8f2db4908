//! The hand-checked week as CSV and as a page: the table and ticket-level exports carry the
//! same figures as the report, and the page is Vietnamese by default, English on request.

mod common;
mod report_history;

use report_history::*;
use shared::report::page::{self, Context};
use shared::report::{Dimension, Lang, Period, csv};

fn table_csv(by: Dimension, lang: Lang) -> String {
    let (h, _) = week();
    let mut reports = h.reports();
    let r = reports
        .report(Period::day(day(16)), later())
        .expect("a report");
    let mut out = Vec::new();
    csv::table(&r, by, reports.config(), lang, &mut out).expect("written");
    String::from_utf8(out).expect("UTF-8")
}

#[test]
fn the_field_table_as_csv() {
    let text = table_csv(Dimension::Field, Lang::En);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("\u{feff}field,field_name,issued,served,no_show"));
    // VL: 5 issued, 2 served, 1 no-show, 1 cancelled, 1 left, none open or moved; 3 called
    // with waits 5, 15, 18 min; services 10 and 3 min; both served within 15 minutes.
    assert!(
        lines.contains(&"VL,Employment,5,2,1,1,1,0,0,3,900,1080,1080,180,600,600,2,100.0,2,3.00"),
        "{text}"
    );
    assert!(lines.contains(&"GDNN,Vocational education,0,0,0,0,0,0,0,0,,,,,,,0,,0,"));
    assert_eq!(
        lines.last().unwrap(),
        &"Total,,6,3,1,1,1,0,1,4,900,1140,1140,600,600,600,2,66.7,3,3.00"
    );
    assert_eq!(lines.len(), 1 + 10 + 1);
}

#[test]
fn csv_headers_and_names_are_vietnamese_by_default_and_quoted_when_needed() {
    let text = table_csv(Dimension::Field, Lang::Vi);
    assert!(text.starts_with("\u{feff}Mã lĩnh vực,Lĩnh vực,Phát,Phục vụ"));
    assert!(text.contains("\r\nVL,Việc làm,5,"));
    // A name with a comma is quoted.
    assert!(text.contains("\r\nPCTNXH,\"Phòng, chống tệ nạn xã hội\",0,"));
    let clerks = table_csv(Dimension::Clerk, Lang::Vi);
    assert!(clerks.contains("\r\nlan,Nguyễn Thị Lan,3,2,1,"), "{clerks}");
    assert!(clerks.contains("\r\n,Chưa được gọi,2,0,0,1,1,"), "{clerks}");
}

#[test]
fn every_ticket_once_with_its_first_and_last_call() {
    let (h, t) = week();
    let reports = h.reports();
    let mut out = Vec::new();
    let n = csv::tickets(
        reports.connection(),
        reports.config(),
        Period::parse("2026-11-16", "2026-11-18").unwrap(),
        Lang::En,
        &mut out,
    )
    .unwrap();
    assert_eq!(n, 9);
    let text = String::from_utf8(out).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 10);
    assert_eq!(
        lines[0],
        "\u{feff}ticket,day,number,issued_field,field,class,state,counter,clerk,issued_at,\
         first_called_at,called_at,started_at,ended_at,wait_s,service_s,recalls,transfers,rating"
    );
    let t4 = lines
        .iter()
        .find(|l| l.starts_with(&format!("{},", t[3].0)))
        .unwrap();
    assert_eq!(
        *t4,
        format!(
            "{},2026-11-16,B001,BHTN,GDNN,regular,done,3,mai,2026-11-16 08:03:00,\
             2026-11-16 08:22:00,2026-11-16 08:30:00,2026-11-16 08:31:00,2026-11-16 08:41:00,\
             1140,600,0,1,satisfied",
            t[3].0
        )
    );
    // The ticket issued at 00:10 local time is on the 18th, in local time.
    assert!(
        lines[9].contains(",2026-11-18,A001,VL,VL,regular,waiting,,,2026-11-18 00:10:00,"),
        "{}",
        lines[9]
    );
}

#[test]
fn the_page_in_both_languages() {
    let (h, _) = week();
    let mut reports = h.reports();
    let period = Period::day(day(16));
    let r = reports.report(period, later()).unwrap();
    let config = reports.config().clone();
    let vi = page::report(
        &r,
        &Context {
            config: &config,
            lang: Lang::Vi,
            today: day(18),
        },
    );
    for text in [
        "<html lang=\"vi\">",
        "Báo cáo phục vụ",
        "Phiếu đã phát",
        "Được phục vụ trong 15 phút",
        "66,7%",
        "Mức độ hài lòng",
        "3,0/4",
        "Hài lòng trở lên 66,7%",
        "Theo lĩnh vực",
        "Việc làm",
        "Nguyễn Thị Lan",
        "Quầy 3",
        "08:00–09:00",
        "T2 16/11/2026",
        "/reports.csv?from=2026-11-16&amp;to=2026-11-16&amp;by=counter",
        "/reports/tickets.csv?from=2026-11-16&amp;to=2026-11-16",
    ] {
        assert!(vi.contains(text), "the Vietnamese page lacks {text:?}");
    }
    assert_eq!(vi.matches("<svg").count(), 3, "three charts");
    // Precomposed Vietnamese letters only (NFC): no combining marks.
    assert!(!vi.chars().any(|c| ('\u{300}'..='\u{36f}').contains(&c)));
    let en = page::report(
        &r,
        &Context {
            config: &config,
            lang: Lang::En,
            today: day(18),
        },
    );
    for text in [
        "<html lang=\"en\">",
        "Tickets issued",
        "Served within 15 min",
        "66.7%",
        "Satisfied or very satisfied 66.7%",
        "Employment",
        "Mon 16 Nov 2026",
        "&amp;lang=en",
    ] {
        assert!(en.contains(text), "the English page lacks {text:?}");
    }
}
