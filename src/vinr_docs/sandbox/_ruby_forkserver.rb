# frozen_string_literal: true

# Warm Ruby fork server inside a worker sandbox, started by `_zygote.py` as root (inside the
# sandbox) with the client preloaded: `ruby -I clients/ruby/lib -rvinr -rvinr/recorder <this>`.
#
# Per job it receives the two capture pipes (one fd per message) and one JSON line on fd 3, forks,
# and the child - before running any sample code - takes its own session, points stdio at the
# pipes, closes the channel, applies the rlimits, drops to the job's fresh uid (all of real,
# effective and saved: no capability is left), enters the workdir with exactly the job's
# environment, installs the recorder and runs the sample as the main script would run. The
# server answers `{"exit": code}` when the child ends; the zygote then kills whatever else the
# job's uid still runs.
require 'json'
require 'socket'

channel = UNIXSocket.for_fd(3)
channel.sync = true
channel.write("#{JSON.generate(ready: true)}\n")

def become(job, out, err, channel)
  Process.setsid
  $stdin.reopen(File::NULL)
  $stdout.reopen(out)
  $stderr.reopen(err)
  [out, err, channel].each(&:close)
  limits = job['limits']
  Process.setrlimit(:CPU, limits['cpu_seconds'], limits['cpu_seconds'] + 1)
  Process.setrlimit(:DATA, limits['memory_bytes'], limits['memory_bytes'])
  Process.setrlimit(:CORE, 0, 0)
  Process.setrlimit(:FSIZE, limits['disk_bytes'], limits['disk_bytes']) if limits['disk_bytes']
  Process.setrlimit(:NPROC, limits['processes'], limits['processes']) if limits['processes']
  uid = job['uid']
  Process.groups = []
  Process::Sys.setresgid(uid, uid, uid)
  Process::Sys.setresuid(uid, uid, uid)
  Dir.chdir(job['workdir'])
  ENV.replace(job['env'])
end

def run_sample(job)
  sample = "./#{job['sample']}"
  $PROGRAM_NAME = sample
  ARGV.clear
  fd, path = ENV.values_at('VINR_RESULT_FD', 'VINR_RESULT_PATH').map { |v| v unless v.to_s.empty? }
  if fd || path
    Vinr::Recorder.install(fd ? IO.new(Integer(fd), 'w', autoclose: false) : path,
                           ENV['VINR_SAMPLE_PATH'] || sample)
  end
  load(sample)
end

loop do
  out = channel.recv_io
  err = channel.recv_io
  line = channel.gets or break
  job = JSON.parse(line)
  pid = fork do
    become(job, out, err, channel)
    run_sample(job)
  end
  out.close
  err.close
  _, status = Process.wait2(pid)
  code = status.exitstatus || (128 + status.termsig)
  channel.write("#{JSON.generate(exit: code)}\n")
rescue EOFError, Errno::ECONNRESET, SocketError
  break
end
