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

use std::{
    fs::{self, File, TryLockError},
    io::Write,
    os::unix::{fs::PermissionsExt, process::CommandExt},
    path::{Path, PathBuf},
    process::{Command, Output},
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
        let pg = EmbeddedPostgres {
            pg_dir: root.join("pg"),
            socket_dir: root.join("run"),
            root,
            bin_dir,
            run_as,
            _lock: lock,
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
        pg.start_postgres()?;
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
    pub fn stop(self) -> Result<(), EmbeddedError> {
        self.pg_ctl(&["stop", "-m", "fast", "-w", "-t", "60"], None)
            .map(|_| ())
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
            let log = fs::read_to_string(self.pg_dir.join("server.log")).unwrap_or_default();
            let tail: Vec<&str> = log.lines().rev().take(10).collect();
            Err(EmbeddedError::Command {
                what: what.into(),
                detail: format!(
                    "{}{}\n{}",
                    String::from_utf8_lossy(&out.stderr),
                    String::from_utf8_lossy(&out.stdout),
                    tail.into_iter().rev().collect::<Vec<_>>().join("\n")
                ),
            })
        }
    }

    fn pg_ctl(&self, args: &[&str], log: Option<&Path>) -> Result<Output, EmbeddedError> {
        let mut cmd = self.command("pg_ctl");
        cmd.arg("-D").arg(&self.pg_dir).args(args);
        if let Some(log) = log {
            cmd.arg(log);
        }
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
                .pg_ctl(&["stop", "-m", "fast", "-w", "-t", "30"], None)
                .is_err()
            {
                self.pg_ctl(&["stop", "-m", "immediate", "-w", "-t", "30"], None)?;
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

    /// Starts PostgreSQL. Right after a crash, processes of the dead server may
    /// hold its shared memory for a moment: PostgreSQL then refuses to start,
    /// so it is tried again a few times.
    fn start_postgres(&self) -> Result<(), EmbeddedError> {
        let log = self.pg_dir.join("server.log");
        let mut attempt = 1;
        loop {
            match self.pg_ctl(&["start", "-w", "-t", "120", "-l"], Some(&log)) {
                Ok(_) => return Ok(()),
                Err(e) if attempt < 5 => {
                    tracing::warn!(attempt, error = %e, "PostgreSQL did not start; trying again");
                    std::thread::sleep(std::time::Duration::from_secs(1));
                    attempt += 1;
                }
                Err(e) => return Err(e),
            }
        }
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
