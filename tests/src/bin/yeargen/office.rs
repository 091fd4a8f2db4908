//! The busy office the year is generated for: the default office's fields, 36 counters
//! staffed by clerks with Vietnamese names, written as an office file so that the hub, the
//! command line and the benchmark all read the same configuration.

use std::fmt::Write;

use shared::config::Config;

/// Counters of the office.
pub const COUNTERS: usize = 36;
/// Clerks on the roster (a few more than counters, so who sits where changes).
const CLERKS: usize = 40;

/// Each field's share of the tickets and its counters (first field: served first).
pub const FIELDS: [(&str, f64, usize); 10] = [
    ("VL", 0.17, 6),
    ("BHTN", 0.25, 9),
    ("GDNN", 0.06, 2),
    ("LDNN", 0.05, 2),
    ("ATLD", 0.03, 1),
    ("LDTL", 0.08, 3),
    ("NCC", 0.12, 4),
    ("BTXH", 0.13, 5),
    ("TE", 0.08, 3),
    ("PCTNXH", 0.03, 1),
];

const FAMILY: [&str; 8] = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi"];
const MIDDLE: [&str; 4] = ["Văn", "Thị", "Minh", "Thu"];
const GIVEN: [&str; 9] = [
    "An", "Bình", "Chi", "Dũng", "Hà", "Hùng", "Lan", "Mai", "Tuấn",
];

/// The fields counter `n` (from 0) serves: its own, then the next one in the list as a
/// second line.
pub fn counter_fields(n: usize) -> [usize; 2] {
    let mut start = 0;
    for (i, (_, _, counters)) in FIELDS.iter().enumerate() {
        if n < start + counters {
            return [i, (i + 1) % FIELDS.len()];
        }
        start += counters;
    }
    [0, 1]
}

/// Login of clerk `i`.
pub fn clerk_id(i: usize) -> String {
    format!("cb{:02}", i + 1)
}

/// The office file text, built on the default office's name, fields and PIN hashes.
pub fn office_file(default: &Config) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# A busy office for the one-year report benchmark (written by yeargen).\n[office]\nname = {:?}\nname_en = {:?}\ntime_zone = {:?}\ntarget_minutes = {}\nbreaks = [\"11:30-13:30\"]\n",
        default.name,
        default.name_en,
        default.time_zone.name(),
        default.target_minutes
    );
    for f in &default.fields {
        let _ = writeln!(
            out,
            "[[fields]]\ncode = {:?}\nname = {:?}\nname_en = {:?}\nprefix = {:?}\n",
            f.code.as_str(),
            f.name,
            f.name_en,
            f.prefix
        );
    }
    for n in 0..COUNTERS {
        let [a, b] = counter_fields(n);
        let _ = writeln!(
            out,
            "[[counters]]\nnumber = {}\nfields = [{:?}, {:?}]\n",
            n + 1,
            FIELDS[a].0,
            FIELDS[b].0
        );
    }
    let hash = &default.clerks[0].pin_hash;
    for i in 0..CLERKS {
        let name = format!(
            "{} {} {}",
            FAMILY[i % FAMILY.len()],
            MIDDLE[i % MIDDLE.len()],
            GIVEN[(i * 7 + i / 9) % GIVEN.len()]
        );
        let _ = writeln!(
            out,
            "[[clerks]]\nid = {:?}\nname = {name:?}\npin_hash = {hash:?}\n",
            clerk_id(i)
        );
    }
    if let Some(m) = default.clerks.iter().find(|c| c.admin) {
        let _ = writeln!(
            out,
            "[[clerks]]\nid = {:?}\nname = {:?}\nadmin = true\npin_hash = {:?}\n",
            m.id.as_str(),
            m.name,
            m.pin_hash
        );
    }
    let _ = writeln!(
        out,
        "[hub]\nlisten = \"127.0.0.1:0\"\noffice_key = {:?}\nadvertise = false",
        default.hub.office_key
    );
    out
}

/// Who sits at counter `n` on day number `day` (clerks move every week).
pub fn clerk_at(n: usize, day: usize) -> usize {
    (n + day / 7 * 5) % CLERKS
}
