//! Writes a generated plan to stdout.
//!
//! ```text
//! genplan --tasks 100000 --seed 1 [--format stratops|network|mspdi]
//!         [--plan-size 10000] [--goals N] [--kpis N] [--measurements 12]
//!         [--cost-lines N] [--stats]
//! ```
//! `stratops` (the default) is the `stratops/1` document; `network` the bare
//! network as the comparison harness reads it (see
//! `stratops_bench::kernel::Network::to_json`); `mspdi` the document
//! exported as MS Project XML. `--stats` prints the counts to stderr.

use std::io::Write;
use std::process::ExitCode;

use stratops_bench::gen::{generate, GenOptions};
use stratops_bench::kernel::Network;

fn usage(msg: &str) -> ExitCode {
    eprintln!("genplan: {msg}");
    eprintln!("usage: genplan --tasks N --seed S [--format stratops|network|mspdi] [--plan-size N] [--goals N] [--kpis N] [--measurements N] [--cost-lines N] [--stats]");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let mut o = GenOptions::new(1_000, 1);
    let mut format = "stratops".to_string();
    let mut stats = false;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "--stats" {
            stats = true;
            continue;
        }
        let Some(v) = args.next() else {
            return usage(&format!("{a} needs a value"));
        };
        let num = || v.parse::<usize>().ok();
        match (a.as_str(), num()) {
            ("--tasks", Some(n)) => o.tasks = n,
            ("--seed", Some(n)) => o.seed = n as u64,
            ("--plan-size", Some(n)) => o.plan_size = n,
            ("--goals", Some(n)) => o.goals = Some(n),
            ("--kpis", Some(n)) => o.kpis = Some(n),
            ("--measurements", Some(n)) => o.measurements = n,
            ("--cost-lines", Some(n)) => o.cost_lines = Some(n),
            ("--format", _) => format = v.clone(),
            _ => return usage(&format!("bad argument {a} {v}")),
        }
    }
    let g = generate(&o);
    if stats {
        eprintln!("{:?}", g.stats);
    }
    let out = match format.as_str() {
        "stratops" => g.json,
        "network" | "mspdi" => {
            let model = match stratops::Model::from_json(&g.json) {
                Ok(m) => m,
                Err(e) => {
                    eprintln!("genplan: generated plan is invalid: {e}");
                    return ExitCode::from(1);
                }
            };
            if format == "network" {
                Network::from_model(&model).to_json()
            } else {
                match stratops_interop::export_mspdi(model.document()) {
                    Ok(x) => x,
                    Err(e) => {
                        eprintln!("genplan: export failed: {e}");
                        return ExitCode::from(1);
                    }
                }
            }
        }
        f => return usage(&format!("unknown format {f}")),
    };
    let mut so = std::io::stdout().lock();
    if so
        .write_all(out.as_bytes())
        .and_then(|_| so.flush())
        .is_err()
    {
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}
