//! The portable UDF kinds defined in this crate (casts, sampling, time windows, metadata
//! placeholders), alphabetical by key.

use sabot_functions::portable::{ScalarKind, scalar_kind};

use crate::resolve::casts::SparkCast;
use crate::resolve::interval_cast::SparkIntervalCast;
use crate::resolve::sample::SampleDraw;
use crate::resolve::time_window::WindowBounds;

pub(super) static SCALARS: &[ScalarKind] = &[
    scalar_kind::<SampleDraw>(),
    scalar_kind::<SparkCast>(),
    scalar_kind::<SparkIntervalCast>(),
    scalar_kind::<WindowBounds>(),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_sorted_and_unique() {
        for w in SCALARS.windows(2) {
            assert!(w[0].key < w[1].key, "{} !< {}", w[0].key, w[1].key);
        }
    }
}
