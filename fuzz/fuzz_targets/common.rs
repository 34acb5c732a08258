//! What every target runs on a valid model: every engine, each of which
//! must return (a value or a coded error), never panic, hang or blow up.

use stratops::{
    align, baseline, budget, evm, report, risk, schedule, scorecard, simulate, Date, Model,
};

pub fn run_engines(model: &Model) {
    let s = schedule::schedule(model, &Default::default()).ok();
    let _ = budget::budget(model, s.as_ref(), &Default::default());
    let _ = budget::budget(model, None, &Default::default());
    let as_of: Date = "2025-12-05".parse().expect("date");
    let _ = scorecard::scorecard(model, as_of, &Default::default());
    let _ = align::align(model, Some(as_of));
    let _ = risk::risk_register(model);
    // The plan as executed: a status date, out-of-sequence modes, earned
    // value with every EAC method, and a baseline saved then compared.
    for oos in [None, Some(schedule::OutOfSequence::ProgressOverride)] {
        let o = schedule::ScheduleOptions {
            status_date: Some(as_of),
            out_of_sequence: oos,
            ..Default::default()
        };
        let _ = schedule::schedule(model, &o);
    }
    for eac_method in [
        evm::EacMethod::Cpi,
        evm::EacMethod::CpiSpi,
        evm::EacMethod::BottomUp,
    ] {
        let o = evm::EvmOptions {
            baseline: None,
            eac_method,
        };
        if let Ok(ev) = evm::earned_value(model, as_of, &o) {
            for r in [ev.spi, ev.cpi, ev.spi_t, ev.tcpi, ev.ieac_t_days, ev.tspi]
                .into_iter()
                .flatten()
            {
                assert!(r.is_finite(), "a ratio is not finite");
            }
            assert!(ev.es_days.is_finite() && ev.at_days.is_finite());
        }
    }
    if let Ok(doc) = baseline::save_baseline(model, 0, as_of, Some(as_of)) {
        if let Ok(m) = Model::new(doc) {
            let _ = baseline::variance(&m, 0, Some(as_of));
            let _ = evm::earned_value(&m, as_of, &Default::default());
        }
    }
    // A few seeded iterations of the risk simulation, on two threads.
    let so = simulate::SimOptions {
        iterations: 8,
        seed: 1,
        threads: Some(2),
        status_date: Some(as_of),
    };
    if let Ok(sim) = simulate::simulate(model, &so) {
        assert!(
            sim.duration_days.mean.is_finite(),
            "a simulated mean is not finite"
        );
    }
    if let Ok(r) = report::report(model, as_of, &Default::default()) {
        let _ = report::render_markdown(&r);
        let _ = report::render_html(&r);
    }
}
