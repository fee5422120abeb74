//! govmat-core's integration tests, in one binary (one link instead of four): the results pack,
//! the import fuzzed, scoring and the questionnaire validation.

mod collaborative;
mod import_fuzz;
mod scoring;
mod validation;
