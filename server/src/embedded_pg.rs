//! The embedded default: a private PostgreSQL cluster run from the machine's
//! PostgreSQL binaries under the data directory, reachable only through a
//! unix socket in that directory (nothing listens on TCP).
//!
//! Layout of the data directory:
//! - `banshi.lock`: held (flock) by the one server using the directory;
//! - `pg/`: the cluster; `pg/server.log`: PostgreSQL's log;
//! - `run/`: the socket directory.
//!
//! `initdb` and `postgres` refuse to run as root, so as root both run as the
//! `postgres` system user, which then owns `pg/` and `run/`.
//!
//! The postmaster is a child of this process (not daemonized by `pg_ctl`),
//! so its exit — and the signal that ended it — is seen at once; the
//! server's [`supervisor`] restarts it.

pub mod supervisor;

use std::{
    fs::{self, File, TryLockError},
    io::Write,
    os::unix::{fs::PermissionsExt, process::CommandExt},
    path::{Path, PathBuf},
    process::{Child, Command, ExitStatus, Output, Stdio},
    time::{Duration, Instant},
};

/// The port only names the socket file; the socket directory is private.
const PORT: u16 = 5432;
/// The application database inside the cluster.
pub const DATABASE: &str = "banshi";
/// Unix socket paths are limited to 107 bytes; `/.s.PGSQL.5432` takes 14.
const MAX_SOCKET_DIR_LEN: usize = 92;

/// What can go wrong with the embedded cluster.
#[derive(Debug, thiserror::Error)]
pub enum EmbeddedError {
    #[error(
        "the data directory {dir} is already in use by another Banshi server{pid}; \
         stop that server or set BANSHI_DATA_DIR to another directory"
    )]
    InUse { dir: PathBuf, pid: String },
    #[error("PostgreSQL binaries (initdb, pg_ctl) not found; install PostgreSQL (apt-get install postgresql) or set BANSHI_PG_BIN")]
    NoBinaries,
    #[error("the socket directory path {0} is too long for a unix socket; use a shorter BANSHI_DATA_DIR")]
    PathTooLong(PathBuf),
    #[error("running as root needs the `postgres` system user to own the cluster: {0}")]
    NoPostgresUser(String),
    #[error("{what} failed: {detail}")]
    Command { what: String, detail: String },
    #[error("{0}")]
    GaveUp(String),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> EmbeddedError + '_ {
    move |source| EmbeddedError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// A running private cluster. Stop it with [`EmbeddedPostgres::stop`].
#[derive(Debug)]
pub struct EmbeddedPostgres {
    root: PathBuf,
    pg_dir: PathBuf,
    socket_dir: PathBuf,
    bin_dir: PathBuf,
    run_as: Option<nix::unistd::User>,
    /// Held for the life of the server: a second server cannot take it.
    _lock: File,
    /// The postmaster while it runs.
    postmaster: Option<Child>,
}

impl EmbeddedPostgres {
    /// Creates the cluster on first use, recovers from a crash of a previous
    /// server, and starts PostgreSQL; returns once it accepts connections and
    /// the application database exists.
    pub fn start(root: &Path, bin_dir: Option<&Path>) -> Result<Self, EmbeddedError> {
        fs::create_dir_all(root).map_err(io(root))?;
        let root = root.canonicalize().map_err(io(root))?;
        let lock = take_lock(&root)?;
        let bin_dir = match bin_dir {
            Some(dir) => dir.to_path_buf(),
            None => find_bin_dir().ok_or(EmbeddedError::NoBinaries)?,
        };
        if !bin_dir.join("pg_ctl").exists() || !bin_dir.join("initdb").exists() {
            return Err(EmbeddedError::NoBinaries);
        }
        let run_as = if nix::unistd::geteuid().is_root() {
            let user = nix::unistd::User::from_name("postgres")
                .map_err(|e| EmbeddedError::NoPostgresUser(e.to_string()))?
                .ok_or_else(|| EmbeddedError::NoPostgresUser("no such user".into()))?;
            // The postgres user must be able to walk into the data directory.
            fs::set_permissions(&root, fs::Permissions::from_mode(0o711)).map_err(io(&root))?;
            Some(user)
        } else {
            None
        };
        let mut pg = EmbeddedPostgres {
            pg_dir: root.join("pg"),
            socket_dir: root.join("run"),
            root,
            bin_dir,
            run_as,
            _lock: lock,
            postmaster: None,
        };
        if pg.socket_dir.as_os_str().len() > MAX_SOCKET_DIR_LEN {
            return Err(EmbeddedError::PathTooLong(pg.socket_dir.clone()));
        }
        pg.prepare_dir(&pg.socket_dir, 0o700)?;
        if !pg.pg_dir.join("PG_VERSION").exists() {
            pg.init_cluster()?;
        }
        pg.write_conf()?;
        pg.recover_from_crash()?;
        pg.start_postgres(5)?;
        pg.create_database()?;
        Ok(pg)
    }

    /// The URL sqlx connects with: user `postgres` over the private socket.
    pub fn database_url(&self, database: &str) -> String {
        format!(
            "postgres://postgres@localhost:{PORT}/{database}?host={}",
            self.socket_dir.display()
        )
    }

    /// The data directory this cluster lives in.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Stops PostgreSQL cleanly (fast shutdown: sessions end, data is flushed).
    pub fn stop(mut self) -> Result<(), EmbeddedError> {
        self.shut_down()
    }

    /// The postmaster's pid while it runs.
    pub fn pid(&self) -> Option<u32> {
        self.postmaster.as_ref().map(Child::id)
    }

    /// How the postmaster ended, once it has (`None` while it runs).
    fn exited(&mut self) -> Result<Option<ExitStatus>, EmbeddedError> {
        let Some(child) = self.postmaster.as_mut() else {
            return Ok(None);
        };
        let status = child.try_wait().map_err(io(&self.pg_dir))?;
        if status.is_some() {
            self.postmaster = None;
        }
        Ok(status)
    }

    /// Starts PostgreSQL again after its postmaster died: a stale
    /// `postmaster.pid` is removed first (the server's own pid check would
    /// also pass it, unless the pid was reused meanwhile).
    /// One try: the supervisor retries with backoff.
    fn restart(&mut self) -> Result<(), EmbeddedError> {
        self.recover_from_crash()?;
        self.start_postgres(1)
    }

    /// Fast shutdown (SIGINT), then immediate (SIGQUIT) if that takes over
    /// a minute, then SIGKILL.
    fn shut_down(&mut self) -> Result<(), EmbeddedError> {
        use nix::sys::signal::Signal;
        let Some(mut child) = self.postmaster.take() else {
            return Ok(());
        };
        for (signal, wait) in [
            (Signal::SIGINT, Duration::from_secs(60)),
            (Signal::SIGQUIT, Duration::from_secs(30)),
            (Signal::SIGKILL, Duration::from_secs(30)),
        ] {
            if child.try_wait().map_err(io(&self.pg_dir))?.is_some() {
                return Ok(());
            }
            let pid = nix::unistd::Pid::from_raw(child.id() as i32);
            let _ = nix::sys::signal::kill(pid, signal);
            let deadline = Instant::now() + wait;
            while Instant::now() < deadline {
                if child.try_wait().map_err(io(&self.pg_dir))?.is_some() {
                    return Ok(());
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            tracing::warn!(%signal, "PostgreSQL did not stop in time");
        }
        Err(EmbeddedError::Command {
            what: "stopping PostgreSQL".into(),
            detail: format!("pid {} did not end", child.id()),
        })
    }

    fn command(&self, program: &str) -> Command {
        let exe = self.bin_dir.join(program);
        let mut cmd = match &self.run_as {
            Some(user) => {
                let mut c = Command::new("runuser");
                c.arg("-u").arg(&user.name).arg("--").arg(exe);
                c
            }
            None => Command::new(exe),
        };
        // Its own process group: a Ctrl-C in the terminal reaches the server,
        // which then stops PostgreSQL in order, after the last request.
        cmd.process_group(0)
            .current_dir(&self.root)
            .env("LC_ALL", "C");
        cmd
    }

    fn run(&self, what: &str, mut cmd: Command) -> Result<Output, EmbeddedError> {
        let out = cmd.output().map_err(|e| EmbeddedError::Command {
            what: what.into(),
            detail: e.to_string(),
        })?;
        if out.status.success() {
            Ok(out)
        } else {
            Err(EmbeddedError::Command {
                what: what.into(),
                detail: format!(
                    "{}{}\n{}",
                    String::from_utf8_lossy(&out.stderr),
                    String::from_utf8_lossy(&out.stdout),
                    self.log_tail()
                ),
            })
        }
    }

    /// The last ten lines of PostgreSQL's log.
    fn log_tail(&self) -> String {
        let log = fs::read_to_string(self.pg_dir.join("server.log")).unwrap_or_default();
        let tail: Vec<&str> = log.lines().rev().take(10).collect();
        tail.into_iter().rev().collect::<Vec<_>>().join("\n")
    }

    fn pg_ctl(&self, args: &[&str]) -> Result<Output, EmbeddedError> {
        let mut cmd = self.command("pg_ctl");
        cmd.arg("-D").arg(&self.pg_dir).args(args);
        self.run(&format!("pg_ctl {}", args[0]), cmd)
    }

    /// Creates `dir` owned by whoever runs PostgreSQL, with `mode`.
    fn prepare_dir(&self, dir: &Path, mode: u32) -> Result<(), EmbeddedError> {
        fs::create_dir_all(dir).map_err(io(dir))?;
        fs::set_permissions(dir, fs::Permissions::from_mode(mode)).map_err(io(dir))?;
        if let Some(user) = &self.run_as {
            std::os::unix::fs::chown(dir, Some(user.uid.as_raw()), Some(user.gid.as_raw()))
                .map_err(io(dir))?;
        }
        Ok(())
    }

    /// Runs initdb into a scratch directory and moves it into place, so a
    /// crash half-way leaves no half-made cluster behind.
    fn init_cluster(&self) -> Result<(), EmbeddedError> {
        let scratch = self.root.join("pg.init");
        if scratch.exists() {
            fs::remove_dir_all(&scratch).map_err(io(&scratch))?;
        }
        self.prepare_dir(&scratch, 0o700)?;
        let mut cmd = self.command("initdb");
        cmd.arg("-D")
            .arg(&scratch)
            .args(["-U", "postgres", "--auth-local=trust", "--auth-host=reject"])
            .args(["--encoding=UTF8", "--locale=C", "--no-instructions"]);
        self.run("initdb", cmd)?;
        let conf = scratch.join("postgresql.conf");
        let mut f = fs::OpenOptions::new()
            .append(true)
            .open(&conf)
            .map_err(io(&conf))?;
        f.write_all(b"\ninclude_if_exists = 'banshi.conf'\n")
            .map_err(io(&conf))?;
        fs::rename(&scratch, &self.pg_dir).map_err(io(&self.pg_dir))
    }

    /// Settings rewritten at every start, so a moved data directory still works.
    fn write_conf(&self) -> Result<(), EmbeddedError> {
        let path = self.pg_dir.join("banshi.conf");
        let socket = self.socket_dir.display().to_string().replace('\'', "''");
        let text = format!(
            "# Written by the Banshi server at every start; edits are lost.\n\
             listen_addresses = ''\n\
             port = {PORT}\n\
             unix_socket_directories = '{socket}'\n\
             unix_socket_permissions = 0700\n\
             max_connections = 200\n\
             shared_buffers = 128MB\n"
        );
        fs::write(&path, text).map_err(io(&path))?;
        if let Some(user) = &self.run_as {
            std::os::unix::fs::chown(&path, Some(user.uid.as_raw()), Some(user.gid.as_raw()))
                .map_err(io(&path))?;
        }
        Ok(())
    }

    /// We hold the lock, so a PostgreSQL still running on this cluster was
    /// left behind by a server that was killed: stop it before starting ours.
    /// A stale `postmaster.pid` of a dead PostgreSQL is removed.
    fn recover_from_crash(&self) -> Result<(), EmbeddedError> {
        let pid_file = self.pg_dir.join("postmaster.pid");
        let Some(pid) = fs::read_to_string(&pid_file)
            .ok()
            .and_then(|s| s.lines().next().and_then(|l| l.trim().parse::<u32>().ok()))
        else {
            return Ok(());
        };
        if postgres_alive(pid) {
            tracing::warn!(
                pid,
                "a PostgreSQL left by a previous server is running; restarting it"
            );
            if self
                .pg_ctl(&["stop", "-m", "fast", "-w", "-t", "30"])
                .is_err()
            {
                self.pg_ctl(&["stop", "-m", "immediate", "-w", "-t", "30"])?;
            }
        } else {
            tracing::warn!(
                pid,
                "removing the stale postmaster.pid of a crashed PostgreSQL"
            );
            fs::remove_file(&pid_file).map_err(io(&pid_file))?;
        }
        Ok(())
    }

    /// Starts PostgreSQL, trying up to `tries` times. Right after a crash,
    /// processes of the dead server may hold its shared memory for a
    /// moment: PostgreSQL then refuses to start, and is tried again a
    /// second later.
    fn start_postgres(&mut self, tries: u32) -> Result<(), EmbeddedError> {
        let mut attempt = 1;
        loop {
            match self.launch() {
                Ok(child) => {
                    self.postmaster = Some(child);
                    return Ok(());
                }
                Err(e) if attempt < tries => {
                    tracing::warn!(attempt, error = %e, "PostgreSQL did not start; trying again");
                    std::thread::sleep(Duration::from_secs(1));
                    attempt += 1;
                }
                Err(e) => return Err(e),
            }
        }
    }

    /// Runs the postmaster as a child, its output appended to
    /// `pg/server.log`, and waits until it accepts connections (as
    /// `pg_ctl start -w` does: `postmaster.pid` names it and says `ready`).
    fn launch(&self) -> Result<Child, EmbeddedError> {
        let log_path = self.pg_dir.join("server.log");
        let log = fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&log_path)
            .map_err(io(&log_path))?;
        let mut cmd = Command::new(self.bin_dir.join("postgres"));
        cmd.arg("-D")
            .arg(&self.pg_dir)
            // Its own process group, as for the other commands.
            .process_group(0)
            .current_dir(&self.root)
            .env("LC_ALL", "C")
            .stdin(Stdio::null())
            .stdout(log.try_clone().map_err(io(&log_path))?)
            .stderr(log);
        if let Some(user) = &self.run_as {
            // Not through `runuser`: the postmaster itself must be the child
            // whose exit this process sees.
            std::os::unix::fs::chown(&log_path, Some(user.uid.as_raw()), Some(user.gid.as_raw()))
                .map_err(io(&log_path))?;
            cmd.uid(user.uid.as_raw()).gid(user.gid.as_raw());
        }
        let mut child = cmd.spawn().map_err(|e| EmbeddedError::Command {
            what: "postgres".into(),
            detail: e.to_string(),
        })?;
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            if let Some(status) = child.try_wait().map_err(io(&self.pg_dir))? {
                return Err(EmbeddedError::Command {
                    what: "postgres".into(),
                    detail: format!("{}\n{}", describe_exit(status), self.log_tail()),
                });
            }
            if self.ready(child.id()) {
                return Ok(child);
            }
            if Instant::now() > deadline {
                let _ = child.kill();
                let _ = child.wait();
                return Err(EmbeddedError::Command {
                    what: "postgres".into(),
                    detail: format!("not ready within 120 s\n{}", self.log_tail()),
                });
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Whether `postmaster.pid` names `pid` and says it is ready (its first
    /// line is the pid, its eighth the status).
    fn ready(&self, pid: u32) -> bool {
        let text = fs::read_to_string(self.pg_dir.join("postmaster.pid")).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines.first().and_then(|l| l.trim().parse::<u32>().ok()) == Some(pid)
            && lines.get(7).map(|l| l.trim()) == Some("ready")
    }

    fn create_database(&self) -> Result<(), EmbeddedError> {
        let psql = |sql: &str| {
            let mut cmd = self.command("psql");
            cmd.arg("-h")
                .arg(&self.socket_dir)
                .args(["-p", &PORT.to_string(), "-U", "postgres", "-d", "postgres"])
                .args(["-v", "ON_ERROR_STOP=1", "-tAc", sql]);
            self.run("psql", cmd)
        };
        let found = psql(&format!(
            "select 1 from pg_database where datname = '{DATABASE}'"
        ))?;
        if String::from_utf8_lossy(&found.stdout).trim() != "1" {
            psql(&format!("create database {DATABASE}"))?;
        }
        Ok(())
    }
}

fn take_lock(root: &Path) -> Result<File, EmbeddedError> {
    let path = root.join("banshi.lock");
    let mut file = fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(io(&path))?;
    match file.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => {
            let pid = fs::read_to_string(&path)
                .ok()
                .map(|p| p.trim().to_string())
                .filter(|p| !p.is_empty())
                .map(|p| format!(" (pid {p})"))
                .unwrap_or_default();
            return Err(EmbeddedError::InUse {
                dir: root.to_path_buf(),
                pid,
            });
        }
        Err(TryLockError::Error(e)) => return Err(io(&path)(e)),
    }
    file.set_len(0).map_err(io(&path))?;
    write!(file, "{}", std::process::id()).map_err(io(&path))?;
    Ok(file)
}

/// How a postmaster ended, as an operator reads it: `exited (signal 9,
/// SIGKILL)`, `exited (status 1)`.
pub fn describe_exit(status: ExitStatus) -> String {
    use std::os::unix::process::ExitStatusExt;
    match (status.code(), status.signal()) {
        (Some(code), _) => format!("exited (status {code})"),
        (None, Some(sig)) => match nix::sys::signal::Signal::try_from(sig) {
            Ok(name) => format!("exited (signal {sig}, {name})"),
            Err(_) => format!("exited (signal {sig})"),
        },
        (None, None) => format!("exited ({status})"),
    }
}

/// Whether `pid` is a live (not zombie) PostgreSQL process.
fn postgres_alive(pid: u32) -> bool {
    let comm = fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default();
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // The state follows the parenthesised command name: "123 (postgres) S …".
    let state = stat
        .rsplit_once(") ")
        .and_then(|(_, rest)| rest.chars().next());
    comm.trim() == "postgres" && !matches!(state, None | Some('Z') | Some('X'))
}

/// The newest PostgreSQL install: `pg_config --bindir`, Debian's
/// `/usr/lib/postgresql/N/bin`, or `initdb` on `PATH`.
fn find_bin_dir() -> Option<PathBuf> {
    let mut debian: Vec<(u32, PathBuf)> = fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let version = e.file_name().to_str()?.parse().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").exists().then_some((version, bin))
        })
        .collect();
    debian.sort();
    if let Some((_, bin)) = debian.pop() {
        return Some(bin);
    }
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .find(|p| p.join("initdb").exists() && p.join("pg_ctl").exists())
    })
}
