//! The reports' words in Vietnamese (the default) and English, and how numbers, durations
//! and dates are written in each.

use chrono::{Datelike, NaiveDate};

use super::period::{MAX_DAYS, PeriodError};

/// The language of a page or export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// Vietnamese.
    #[default]
    Vi,
    /// English.
    En,
}

impl Lang {
    /// `en` is English; anything else (or nothing) Vietnamese.
    pub fn parse(code: Option<&str>) -> Lang {
        match code {
            Some("en") => Lang::En,
            _ => Lang::Vi,
        }
    }

    /// The language code.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    /// The words in this language.
    pub fn words(self) -> &'static Words {
        match self {
            Lang::Vi => &VI,
            Lang::En => &EN,
        }
    }

    /// A count with thousands grouped: `1.234` or `1,234`.
    pub fn count(self, n: u64) -> String {
        let digits = n.to_string();
        let sep = if self == Lang::Vi { '.' } else { ',' };
        let mut out = String::with_capacity(digits.len() + digits.len() / 3);
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(sep);
            }
            out.push(c);
        }
        out
    }

    /// A share as a percentage with one decimal: `93,5%` or `93.5%`.
    pub fn percent(self, share: f64) -> String {
        let text = format!("{:.1}%", share * 100.0);
        if self == Lang::Vi {
            text.replace('.', ",")
        } else {
            text
        }
    }

    /// A number with one decimal.
    pub fn decimal(self, x: f64) -> String {
        let text = format!("{x:.1}");
        if self == Lang::Vi {
            text.replace('.', ",")
        } else {
            text
        }
    }

    /// A date: `16/11/2026` or `16 Nov 2026`.
    pub fn date(self, d: NaiveDate) -> String {
        match self {
            Lang::Vi => d.format("%d/%m/%Y").to_string(),
            Lang::En => d.format("%-d %b %Y").to_string(),
        }
    }

    /// A date with its weekday: `T2 16/11/2026` or `Mon 16 Nov 2026`.
    pub fn day(self, d: NaiveDate) -> String {
        let weekday = self.words().weekdays[d.weekday().num_days_from_monday() as usize];
        format!("{weekday} {}", self.date(d))
    }

    /// Why a period was refused, in this language.
    pub fn period_error(self, e: &PeriodError) -> String {
        match (self, e) {
            (Lang::Vi, PeriodError::BadDate(s)) => {
                format!("“{s}” không phải là ngày viết dạng NGÀY/THÁNG/NĂM.")
            }
            (Lang::Vi, PeriodError::Backwards { .. }) => {
                "Ngày kết thúc đứng trước ngày bắt đầu.".into()
            }
            (Lang::Vi, PeriodError::TooLong(n)) => {
                format!("Một báo cáo dài tối đa {MAX_DAYS} ngày, không phải {n} ngày.")
            }
            (Lang::En, e) => format!("{}.", capitalise(&e.to_string())),
        }
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// A duration in milliseconds as `m:ss` (or `h:mm:ss` from an hour), to the nearest second.
pub fn duration(ms: u32) -> String {
    let s = (u64::from(ms) + 500) / 1000;
    let (h, m, s) = (s / 3600, s / 60 % 60, s % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

/// Every word the reports use. `{n}` in a template stands for a number.
#[derive(Debug)]
pub struct Words {
    /// Page title.
    pub title: &'static str,
    /// Period picker: today, this week, this month.
    pub presets: [&'static str; 3],
    /// Custom period: from.
    pub from: &'static str,
    /// Custom period: to.
    pub to: &'static str,
    /// Button showing a custom period.
    pub show: &'static str,
    /// Sign out button.
    pub sign_out: &'static str,
    /// Link to the page in the other language.
    pub other_language: &'static str,
    /// Link to the manager's live overview.
    pub live_overview: &'static str,
    /// Tickets issued.
    pub issued: &'static str,
    /// Served.
    pub served: &'static str,
    /// No-shows.
    pub no_show: &'static str,
    /// Cancelled.
    pub cancelled: &'static str,
    /// Left open at the end of their day.
    pub expired: &'static str,
    /// Still open (today).
    pub open: &'static str,
    /// Moved to another field.
    pub transferred: &'static str,
    /// Waiting time.
    pub wait: &'static str,
    /// Service time.
    pub service: &'static str,
    /// Median.
    pub median: &'static str,
    /// 90th percentile.
    pub p90: &'static str,
    /// Maximum.
    pub max: &'static str,
    /// Unit note for durations.
    pub min_sec: &'static str,
    /// Served within the target: template with `{n}` minutes.
    pub within: &'static str,
    /// Short column title of the same.
    pub within_short: &'static str,
    /// Satisfaction.
    pub satisfaction: &'static str,
    /// Column title of the mean satisfaction score.
    pub satisfaction_short: &'static str,
    /// No ratings yet.
    pub no_ratings: &'static str,
    /// The four faces, from 1 point (dissatisfied) to 4 (very satisfied).
    pub faces: [&'static str; 4],
    /// Mean score.
    pub score: &'static str,
    /// Share on the happy faces.
    pub satisfied: &'static str,
    /// Ratings (a count follows or precedes).
    pub ratings: &'static str,
    /// Table titles by dimension: field, counter, clerk, hour, day.
    pub tables: [&'static str; 5],
    /// Key column titles by dimension: field, counter, clerk, hour, day.
    pub keys: [&'static str; 5],
    /// Short column titles: issued, served, no-show, cancelled, left, transferred.
    pub columns: [&'static str; 6],
    /// Total row.
    pub total: &'static str,
    /// Tickets no counter held.
    pub not_called: &'static str,
    /// A counter: template with `{n}`.
    pub counter: &'static str,
    /// Link to a table's CSV.
    pub csv: &'static str,
    /// Link to the ticket-level CSV.
    pub tickets_csv: &'static str,
    /// Chart: waiting time distribution.
    pub chart_wait: &'static str,
    /// Chart: tickets by hour.
    pub chart_hour: &'static str,
    /// Chart: waiting time by field.
    pub chart_field: &'static str,
    /// Minutes (axis unit).
    pub minutes: &'static str,
    /// Tickets (axis unit).
    pub tickets: &'static str,
    /// Thousands of tickets (axis unit).
    pub thousand_tickets: &'static str,
    /// Target line: template with `{n}` minutes.
    pub target: &'static str,
    /// Nothing in the period.
    pub empty: &'static str,
    /// How the figures are defined, under the tables.
    pub definitions: &'static str,
    /// Without first calls, waits after a transfer start late.
    pub no_first_calls: &'static str,
    /// Weekday abbreviations from Monday.
    pub weekdays: [&'static str; 7],
    /// Sign-in title.
    pub login_title: &'static str,
    /// Sign-in hint.
    pub login_hint: &'static str,
    /// Login name.
    pub login_id: &'static str,
    /// PIN.
    pub pin: &'static str,
    /// Sign-in button.
    pub sign_in: &'static str,
    /// Sign-in refused.
    pub refused: &'static str,
    /// Sign in first (CSV without a session).
    pub sign_in_first: &'static str,
    /// The database cannot be read.
    pub unavailable: &'static str,
    /// A wrong period.
    pub bad_period: &'static str,
}

impl Words {
    /// `template` with `{n}` replaced.
    pub fn with(template: &str, n: impl std::fmt::Display) -> String {
        template.replace("{n}", &n.to_string())
    }
}

/// Vietnamese.
pub static VI: Words = Words {
    title: "Báo cáo phục vụ",
    presets: ["Hôm nay", "Tuần này", "Tháng này"],
    from: "Từ ngày",
    to: "Đến ngày",
    show: "Xem",
    sign_out: "Đăng xuất",
    other_language: "English",
    live_overview: "Tổng quan trực tiếp",
    issued: "Phiếu đã phát",
    served: "Đã phục vụ",
    no_show: "Vắng mặt khi gọi",
    cancelled: "Đã hủy",
    expired: "Tồn cuối ngày",
    open: "Đang xử lý",
    transferred: "Chuyển lĩnh vực",
    wait: "Thời gian chờ",
    service: "Thời gian phục vụ",
    median: "Trung vị",
    p90: "P90",
    max: "Tối đa",
    min_sec: "phút:giây",
    within: "Được phục vụ trong {n} phút",
    within_short: "Trong {n} phút",
    satisfaction: "Mức độ hài lòng",
    satisfaction_short: "Hài lòng",
    no_ratings: "Chưa có đánh giá",
    faces: ["Không hài lòng", "Bình thường", "Hài lòng", "Rất hài lòng"],
    score: "Điểm trung bình",
    satisfied: "Hài lòng trở lên",
    ratings: "lượt đánh giá",
    tables: [
        "Theo lĩnh vực",
        "Theo quầy",
        "Theo cán bộ",
        "Theo giờ lấy phiếu",
        "Theo ngày",
    ],
    keys: ["Lĩnh vực", "Quầy", "Cán bộ", "Giờ", "Ngày"],
    columns: ["Phát", "Phục vụ", "Vắng", "Hủy", "Tồn", "Chuyển"],
    total: "Tổng",
    not_called: "Chưa được gọi",
    counter: "Quầy {n}",
    csv: "Tải CSV",
    tickets_csv: "Tải dữ liệu từng phiếu (CSV)",
    chart_wait: "Phân bố thời gian chờ",
    chart_hour: "Số phiếu theo giờ lấy phiếu",
    chart_field: "Thời gian chờ theo lĩnh vực",
    minutes: "phút",
    tickets: "phiếu",
    thousand_tickets: "nghìn phiếu",
    target: "Mục tiêu {n} phút",
    empty: "Không có phiếu nào trong khoảng thời gian này.",
    definitions: "Thời gian chờ: từ lúc lấy phiếu đến lần gọi đầu tiên (kể cả phiếu vắng mặt). \
        Thời gian phục vụ: từ lúc bắt đầu phục vụ đến lúc xong, chỉ tính phiếu đã phục vụ. \
        Trung vị và P90 tính chính xác trên từng phiếu. Mỗi phiếu được đếm một lần, theo \
        lĩnh vực lúc lấy phiếu, quầy và cán bộ xử lý sau cùng, giờ lấy phiếu (giờ địa phương).",
    no_first_calls: "Cơ sở dữ liệu này chưa ghi lần gọi đầu tiên: với phiếu đã chuyển, \
        thời gian chờ được tính đến lần gọi cuối.",
    weekdays: ["T2", "T3", "T4", "T5", "T6", "T7", "CN"],
    login_title: "Đăng nhập xem báo cáo",
    login_hint: "Dành cho lãnh đạo bộ phận một cửa.",
    login_id: "Tên đăng nhập",
    pin: "Mã PIN",
    sign_in: "Đăng nhập",
    refused: "Tên đăng nhập hoặc mã PIN không đúng, hoặc tài khoản này không được xem báo cáo. \
        Không có gì thay đổi.",
    sign_in_first: "Vui lòng đăng nhập để xem báo cáo.",
    unavailable: "Không đọc được cơ sở dữ liệu. Vui lòng thử lại.",
    bad_period: "Khoảng thời gian không hợp lệ",
};

/// English.
pub static EN: Words = Words {
    title: "Service report",
    presets: ["Today", "This week", "This month"],
    from: "From",
    to: "To",
    show: "Show",
    sign_out: "Sign out",
    other_language: "Tiếng Việt",
    live_overview: "Live overview",
    issued: "Tickets issued",
    served: "Served",
    no_show: "No-shows",
    cancelled: "Cancelled",
    expired: "Left at day end",
    open: "Still open",
    transferred: "Transferred",
    wait: "Waiting time",
    service: "Service time",
    median: "Median",
    p90: "P90",
    max: "Max",
    min_sec: "min:s",
    within: "Served within {n} min",
    within_short: "Within {n} min",
    satisfaction: "Satisfaction",
    satisfaction_short: "Satisfaction",
    no_ratings: "No ratings yet",
    faces: ["Dissatisfied", "Neutral", "Satisfied", "Very satisfied"],
    score: "Average score",
    satisfied: "Satisfied or very satisfied",
    ratings: "ratings",
    tables: [
        "By field",
        "By counter",
        "By clerk",
        "By hour issued",
        "By day",
    ],
    keys: ["Field", "Counter", "Clerk", "Hour", "Day"],
    columns: [
        "Issued",
        "Served",
        "No-show",
        "Cancelled",
        "Left",
        "Transferred",
    ],
    total: "Total",
    not_called: "Not called",
    counter: "Counter {n}",
    csv: "Download CSV",
    tickets_csv: "Download ticket-level data (CSV)",
    chart_wait: "Waiting time distribution",
    chart_hour: "Tickets by hour issued",
    chart_field: "Waiting time by field",
    minutes: "min",
    tickets: "tickets",
    thousand_tickets: "thousand tickets",
    target: "Target {n} min",
    empty: "No tickets in this period.",
    definitions: "Waiting time: from taking the ticket to its first call (no-shows included). \
        Service time: from the start of service to its end, served tickets only. Medians and \
        P90 are exact, over every ticket. Each ticket counts once: under the field it was \
        issued for, the counter and clerk who held it last, and the local hour it was issued.",
    no_first_calls: "This database does not record first calls yet: for transferred tickets \
        the wait runs to the last call.",
    weekdays: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
    login_title: "Sign in to see reports",
    login_hint: "For the head of the office.",
    login_id: "Login",
    pin: "PIN",
    sign_in: "Sign in",
    refused: "Wrong login or PIN, or this account may not see reports. Nothing was changed.",
    sign_in_first: "Please sign in to see reports.",
    unavailable: "The database cannot be read. Please try again.",
    bad_period: "Invalid period",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_durations_are_written_per_language() {
        assert_eq!(Lang::Vi.count(1_234_567), "1.234.567");
        assert_eq!(Lang::En.count(1_234_567), "1,234,567");
        assert_eq!(Lang::Vi.count(999), "999");
        assert_eq!(Lang::Vi.percent(2.0 / 3.0), "66,7%");
        assert_eq!(Lang::En.percent(1.0), "100.0%");
        assert_eq!(duration(900_000), "15:00");
        assert_eq!(duration(59_499), "0:59");
        assert_eq!(duration(3_725_000), "1:02:05");
    }
}
