//! Engine throughput in memory: commands per second through `Engine::apply`.
//!
//! One iteration replays a scripted morning at the default office on a new engine: the six
//! clerks open their counters, then tickets in every field (every fifth one in a priority
//! class) are issued, called, served and finished, the clock moving three seconds per
//! command from 08:00 in Ho Chi Minh (2026-11-23T01:00:00Z). The script is made once by
//! simulation, so every command in it is accepted. Fewer than `MAX_WAITING` tickets wait at
//! any time and each iteration starts afresh, so the state and the figure stay steady.

mod common;
use common::{OFFICE, script};

use std::hint::black_box;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use shared::config::Config;
use shared::engine::Engine;

/// Commands per iteration (2.5 hours of the office at one command every three seconds).
const COMMANDS: usize = 3_000;

fn engine_apply(c: &mut Criterion) {
    let config = Arc::new(Config::load(Path::new(OFFICE)).expect("the default office loads"));
    let script = script(&config, COMMANDS);
    let mut group = c.benchmark_group("engine");
    group.sample_size(30).warm_up_time(Duration::from_secs(2));
    group.measurement_time(Duration::from_secs(6));
    group.throughput(Throughput::Elements(script.len() as u64));
    group.bench_function("apply_in_memory", |b| {
        b.iter_batched(
            || Engine::new(config.clone()),
            |mut engine| {
                for (command, now) in &script {
                    black_box(engine.apply(command, *now).expect("accepted"));
                }
                engine
            },
            BatchSize::PerIteration,
        );
    });
    group.finish();
}

criterion_group!(benches, engine_apply);
criterion_main!(benches);
