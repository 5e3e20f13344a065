//! The roadmap planner (MODEL.md).
