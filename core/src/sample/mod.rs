//! The bundled sample catalogue (work in progress).
