//! The root crate's black-box tests of the API and the CLI, in one binary (one link instead of
//! eighteen): each file is a module, and `../support/` holds what several share.

#[path = "../support/big_round.rs"]
mod big_round;
#[path = "../support/board.rs"]
mod board;
#[path = "../support/docx_read.rs"]
mod docx_read;
#[path = "../support/dump.rs"]
mod dump;

mod benchmark;
mod cli;
mod collaborative;
mod content;
mod crash;
mod dashboard;
mod docx;
mod forms;
mod identity;
mod paper;
mod privacy;
mod provenance;
mod record;
mod report;
mod roster;
mod safety;
mod summary;
mod trend;
mod version_change;
