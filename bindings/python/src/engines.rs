//! The engines, behind one generic entry point: the core's
//! [`stratops::engines`] (engine names, option names and checks, result
//! JSON), which the Python layer (`stratops/_engines.py`) turns into typed
//! result objects. This face only converts.

pub use stratops::engines::{diff, run, run_schedule, ENGINES};
