//! The public dashboard.
