//! A first honest wait estimate: the work ahead of a visitor divided over the desks serving it.
//!
//! The estimate is `ahead × mean service time ÷ open desks`, where the mean comes from the
//! most recent finished visits of the service (its configured default while fewer than
//! [`MIN_SAMPLES`] are known) and "open desks" are desks of the service's profile that called
//! someone recently (at least one, so a queue with no desk yet still gets a figure).

/// Below this many recent visits, the configured default service time is used instead.
pub const MIN_SAMPLES: usize = 3;

#[derive(Debug, Clone, PartialEq)]
pub struct EstimateInput<'a> {
    /// Visitors before this one in the service's queue.
    pub ahead: u32,
    /// Recent service durations in seconds, newest first.
    pub recent_service_s: &'a [i64],
    /// The service's configured typical duration, in seconds.
    pub default_service_s: i64,
    /// Desks serving this service that are open now.
    pub open_desks: u32,
}

/// The mean recent service time in seconds (or the default when there is too little data).
pub fn mean_service_s(recent: &[i64], default_s: i64) -> f64 {
    let valid: Vec<i64> = recent.iter().copied().filter(|d| *d >= 0).collect();
    if valid.len() < MIN_SAMPLES {
        return default_s.max(0) as f64;
    }
    valid.iter().sum::<i64>() as f64 / valid.len() as f64
}

/// The estimated wait in whole seconds, rounded up to the minute because people read minutes.
pub fn estimate_wait_s(input: &EstimateInput) -> i64 {
    if input.ahead == 0 {
        return 0;
    }
    let mean = mean_service_s(input.recent_service_s, input.default_service_s);
    let desks = input.open_desks.max(1) as f64;
    let secs = input.ahead as f64 * mean / desks;
    ((secs / 60.0).ceil() * 60.0) as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nobody_ahead_means_no_wait() {
        let i = EstimateInput {
            ahead: 0,
            recent_service_s: &[600, 600, 600],
            default_service_s: 600,
            open_desks: 1,
        };
        assert_eq!(estimate_wait_s(&i), 0);
    }

    #[test]
    fn uses_recent_mean_over_open_desks() {
        let i = EstimateInput {
            ahead: 4,
            recent_service_s: &[300, 600, 900],
            default_service_s: 60,
            open_desks: 2,
        };
        // 4 × 600 s ÷ 2 = 1200 s.
        assert_eq!(estimate_wait_s(&i), 1200);
    }

    #[test]
    fn falls_back_to_the_default_with_little_data_and_rounds_up() {
        let i = EstimateInput {
            ahead: 1,
            recent_service_s: &[10],
            default_service_s: 450,
            open_desks: 0,
        };
        assert_eq!(estimate_wait_s(&i), 480);
    }
}
