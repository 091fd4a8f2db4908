//! Durable store: commit latency of one command, and throughput of a 64-command batch.
//!
//! A real SQLite file (WAL, `synchronous=FULL` as `Store::open` sets it) under the target
//! directory, so each commit waits for an fsync. The commands replay one scripted day at the
//! default office, all accepted (see `script`); fewer than `MAX_WAITING` tickets wait and a
//! field issues about 500 numbers, so its 1..999 range never runs out. When the script ends
//! a new database starts the day again, unmeasured. `issue_ticket` commits one `IssueTicket`
//! alone (the counter commands in between are committed unmeasured); `batch_64` commits the
//! next 64 commands with `Store::apply_batch`.

mod common;
use common::{OFFICE, Script, script};

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use shared::config::Config;
use shared::engine::Command;
use shared::store::{Store, Submission};
use tempfile::TempDir;

/// Commands in the day's script (13 h 20 min at one command every three seconds).
const COMMANDS: usize = 16_000;
const BATCH: usize = 64; // commands per batch

/// One business day's database, replaying the script from `pos`.
struct Day {
    store: Store,
    _dir: TempDir, // after `store`, so the file is closed before the directory goes
    pos: usize,
}

impl Day {
    fn new(config: &Arc<Config>) -> Day {
        let dir = TempDir::new_in(env!("CARGO_TARGET_TMPDIR")).expect("a temporary directory");
        let store = Store::open(&dir.path().join("office.db"), config.clone()).expect("opens");
        Day {
            store,
            _dir: dir,
            pos: 0,
        }
    }

    /// Commits the next `n` commands in one transaction (starting a new day when the script
    /// has fewer left); returns how long the commit took.
    fn commit(&mut self, script: &Script, n: usize) -> Duration {
        if self.pos + n > script.len() {
            *self = Day::new(self.store.engine().config());
        }
        let commands = script[self.pos..self.pos + n]
            .iter()
            .map(|(c, t)| Submission::new(c, *t));
        let start = Instant::now();
        let outcomes = self.store.apply_batch(commands).expect("commit");
        let took = start.elapsed();
        assert!(outcomes.iter().all(Result::is_ok), "a command was refused");
        self.pos += n;
        took
    }

    /// Commits the counter commands before the next ticket (not measured), then the ticket
    /// alone; returns how long the ticket's commit took.
    fn issue(&mut self, script: &Script) -> Duration {
        let is_issue = |(c, _): &(Command, _)| matches!(c, Command::IssueTicket { .. });
        let Some(k) = script[self.pos..].iter().position(is_issue) else {
            *self = Day::new(self.store.engine().config());
            return self.issue(script);
        };
        self.commit(script, k);
        self.commit(script, 1)
    }
}

fn store(c: &mut Criterion) {
    let config = Arc::new(Config::load(Path::new(OFFICE)).expect("the default office loads"));
    let script = &script(&config, COMMANDS);
    let mut group = c.benchmark_group("store");
    group.sample_size(10).warm_up_time(Duration::from_secs(2));
    group.measurement_time(Duration::from_secs(8));
    group.throughput(Throughput::Elements(1));
    let mut day = Day::new(&config);
    group.bench_function("issue_ticket", |b| {
        b.iter_custom(|n| (0..n).map(|_| day.issue(script)).sum())
    });
    group.throughput(Throughput::Elements(BATCH as u64));
    let mut day = Day::new(&config);
    group.bench_function("batch_64", |b| {
        b.iter_custom(|n| (0..n).map(|_| day.commit(script, BATCH)).sum())
    });
    group.finish();
}

criterion_group!(benches, store);
criterion_main!(benches);
