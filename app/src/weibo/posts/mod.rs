//! (issue 21: being built)
