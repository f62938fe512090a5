//! Keeps the embedded cluster running while the server serves: a thread
//! polls the postmaster (a child of this process) and, when it has exited,
//! starts it again on the same data directory and socket, with backoff.
//! The pool finds the new cluster by itself (connections to the dead one
//! fail their test at acquire and are replaced). After [`Policy::most`]
//! restarts within [`Policy::window`] the supervisor gives up: the server
//! then stops and exits non-zero, so that the supervisor of the server
//! (systemd, Docker…) starts it afresh.
//!
//! `/healthz` and `/metrics` read the supervisor's [`Health`].

use super::{describe_exit, EmbeddedError, EmbeddedPostgres};
use std::{
    sync::mpsc,
    thread::JoinHandle,
    time::{Duration, Instant},
};
use tokio::sync::watch;

/// How often the postmaster is looked at (a `waitpid` without waiting).
const POLL: Duration = Duration::from_millis(200);

/// The cluster as the supervisor last saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum State {
    Running,
    /// It exited (or a restart failed); `attempt` is the restart under way.
    Restarting {
        cause: String,
        attempt: u32,
    },
    /// Restarts kept failing: the server is stopping.
    GaveUp {
        cause: String,
    },
}

/// What the supervisor reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub state: State,
    /// Restarts that brought the cluster back, since the server started.
    pub restarts: u64,
}

/// The supervisor's view of the cluster, for `/healthz` and `/metrics`.
#[derive(Debug, Clone)]
pub struct Health(watch::Receiver<Status>);

impl Health {
    pub fn status(&self) -> Status {
        self.0.borrow().clone()
    }

    /// Why the database is down, while the supervisor knows it is.
    pub fn down_because(&self) -> Option<String> {
        match &self.0.borrow().state {
            State::Running => None,
            State::Restarting { cause, attempt } => {
                Some(format!("{cause}; restarting (attempt {attempt})"))
            }
            State::GaveUp { cause } => Some(format!("{cause}; gave up restarting it")),
        }
    }

    /// Waits until the supervisor knows the cluster is down; why.
    pub async fn down(mut self) -> String {
        loop {
            if let Some(cause) = self.down_because() {
                return cause;
            }
            if self.0.changed().await.is_err() {
                std::future::pending::<()>().await;
            }
        }
    }

    /// Waits until the supervisor gives up; its cause.
    pub async fn gave_up(mut self) -> String {
        loop {
            if let State::GaveUp { cause } = &self.0.borrow_and_update().state {
                return cause.clone();
            }
            if self.0.changed().await.is_err() {
                // The supervisor ended without giving up: wait forever.
                std::future::pending::<()>().await;
            }
        }
    }
}

/// When to restart, and when to give up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    /// Restarts allowed within [`Policy::window`]…
    pub most: usize,
    pub window: Duration,
    /// …the first at once, then waiting this long, doubling.
    pub first_wait: Duration,
    pub longest_wait: Duration,
}

impl Default for Policy {
    /// Five restarts in ten minutes; waits of 0, 1, 2, 4, 8 s.
    fn default() -> Self {
        Policy {
            most: 5,
            window: Duration::from_secs(600),
            first_wait: Duration::from_secs(1),
            longest_wait: Duration::from_secs(30),
        }
    }
}

/// What to do about one more restart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    /// Wait this long, then make restart number `attempt` (of the window).
    Restart {
        wait: Duration,
        attempt: u32,
    },
    GiveUp,
}

impl Policy {
    /// Given the times of earlier restarts (oldest first), what to do at
    /// `now`; restarts older than the window no longer count.
    pub fn next(&self, earlier: &[Instant], now: Instant) -> Next {
        let recent = earlier
            .iter()
            .filter(|t| now.saturating_duration_since(**t) < self.window)
            .count();
        if recent >= self.most {
            return Next::GiveUp;
        }
        let wait = match recent {
            0 => Duration::ZERO,
            n => self
                .first_wait
                .saturating_mul(1 << (n - 1).min(16))
                .min(self.longest_wait),
        };
        Next::Restart {
            wait,
            attempt: recent as u32 + 1,
        }
    }
}

/// The running supervisor; [`Supervisor::stop`] stops it and the cluster.
pub struct Supervisor {
    stop: mpsc::Sender<()>,
    thread: JoinHandle<Result<(), EmbeddedError>>,
    health: Health,
}

impl Supervisor {
    pub fn health(&self) -> Health {
        self.health.clone()
    }

    /// Stops the cluster cleanly and ends the supervisor; the give-up
    /// error if it had given up.
    pub fn stop(self) -> Result<(), EmbeddedError> {
        let _ = self.stop.send(());
        self.thread
            .join()
            .unwrap_or_else(|_| Err(EmbeddedError::GaveUp("the supervisor panicked".into())))
    }
}

impl EmbeddedPostgres {
    /// Hands the running cluster to a supervisor thread.
    pub fn supervise(self, policy: Policy) -> Result<Supervisor, EmbeddedError> {
        let (tx, rx) = watch::channel(Status {
            state: State::Running,
            restarts: 0,
        });
        let (stop, stopped) = mpsc::channel();
        let thread = std::thread::Builder::new()
            .name("embedded-pg".into())
            .spawn(move || watch_over(self, policy, stopped, tx));
        match thread {
            Ok(thread) => Ok(Supervisor {
                stop,
                thread,
                health: Health(rx),
            }),
            Err(e) => Err(EmbeddedError::Command {
                what: "starting the supervisor thread".into(),
                detail: e.to_string(),
            }),
        }
    }
}

/// Whether a stop was asked for within `wait` (or the server is gone).
fn stop_asked(stopped: &mpsc::Receiver<()>, wait: Duration) -> bool {
    !matches!(
        stopped.recv_timeout(wait),
        Err(mpsc::RecvTimeoutError::Timeout)
    )
}

fn watch_over(
    mut pg: EmbeddedPostgres,
    policy: Policy,
    stopped: mpsc::Receiver<()>,
    status: watch::Sender<Status>,
) -> Result<(), EmbeddedError> {
    let mut restarts: Vec<Instant> = Vec::new();
    loop {
        if stop_asked(&stopped, POLL) {
            return pg.shut_down();
        }
        let Some(exit) = pg.exited()? else {
            continue;
        };
        let death = format!("embedded PostgreSQL {}", describe_exit(exit));
        tracing::error!(cause = %death, "the embedded PostgreSQL stopped; restarting it");
        let mut cause = death.clone();
        loop {
            let now = Instant::now();
            restarts.retain(|t| now.saturating_duration_since(*t) < policy.window);
            let (wait, attempt) = match policy.next(&restarts, now) {
                Next::Restart { wait, attempt } => (wait, attempt),
                Next::GiveUp => {
                    tracing::error!(
                        %cause,
                        restarts = restarts.len(),
                        window_s = policy.window.as_secs(),
                        "the embedded PostgreSQL keeps failing; giving up: the server exits \
                         so that its own supervisor can restart it"
                    );
                    status.send_modify(|s| {
                        s.state = State::GaveUp {
                            cause: cause.clone(),
                        }
                    });
                    return Err(EmbeddedError::GaveUp(format!(
                        "the embedded PostgreSQL could not be kept running: {cause} \
                         ({} restarts within {} s)",
                        restarts.len(),
                        policy.window.as_secs()
                    )));
                }
            };
            status.send_modify(|s| {
                s.state = State::Restarting {
                    cause: cause.clone(),
                    attempt,
                }
            });
            if !wait.is_zero() && stop_asked(&stopped, wait) {
                return Ok(());
            }
            restarts.push(Instant::now());
            let started = Instant::now();
            match pg.restart() {
                Ok(()) => {
                    tracing::warn!(
                        attempt,
                        ms = started.elapsed().as_millis() as u64,
                        pid = pg.pid(),
                        "the embedded PostgreSQL is running again"
                    );
                    status.send_modify(|s| {
                        s.state = State::Running;
                        s.restarts += 1;
                    });
                    break;
                }
                Err(e) => {
                    let first = e.to_string();
                    let first = first.lines().next().unwrap_or_default().to_string();
                    tracing::error!(attempt, error = %e, "restarting the embedded PostgreSQL failed");
                    cause = format!("{death}; restart {attempt} failed: {first}");
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn restarts_at_once_then_backs_off_then_gives_up() {
        let p = Policy::default();
        let t0 = Instant::now();
        let mut earlier = Vec::new();
        let mut waits = Vec::new();
        for i in 0..5 {
            let now = t0 + Duration::from_secs(i);
            match p.next(&earlier, now) {
                Next::Restart { wait, attempt } => {
                    assert_eq!(attempt as usize, earlier.len() + 1);
                    waits.push(wait.as_secs());
                }
                Next::GiveUp => panic!("gave up after {i}"),
            }
            earlier.push(now);
        }
        assert_eq!(waits, [0, 1, 2, 4, 8]);
        assert_eq!(p.next(&earlier, t0 + Duration::from_secs(10)), Next::GiveUp);
    }

    #[test]
    fn old_restarts_leave_the_window() {
        let p = Policy::default();
        let t0 = Instant::now();
        let earlier: Vec<Instant> = (0..5).map(|i| t0 + Duration::from_secs(i)).collect();
        // Ten minutes after the first, it no longer counts.
        assert_eq!(
            p.next(&earlier, t0 + Duration::from_secs(600)),
            Next::Restart {
                wait: Duration::from_secs(8),
                attempt: 5
            }
        );
        assert_eq!(
            p.next(&earlier, t0 + Duration::from_secs(3600)),
            Next::Restart {
                wait: Duration::ZERO,
                attempt: 1
            }
        );
    }

    #[test]
    fn waits_are_capped() {
        let p = Policy {
            most: 100,
            ..Policy::default()
        };
        let t0 = Instant::now();
        let earlier = vec![t0; 40];
        assert_eq!(
            p.next(&earlier, t0),
            Next::Restart {
                wait: Duration::from_secs(30),
                attempt: 41
            }
        );
    }
}
