# frozen_string_literal: true

# Result recorder: how a verification runner learns what a sample's client calls returned,
# without the sample printing anything (mirrors `watch_operations` in src/vinr_docs/pyworker.py).
#
#   VINR_RESULT_FD=3 VINR_SAMPLE_PATH=sample.rb \
#     ruby -I clients/ruby/lib -rvinr -rvinr/recorder sample.rb 3>results.jsonl
#
# When VINR_RESULT_FD names an inherited file descriptor (or VINR_RESULT_PATH a file to append
# to), every operation in each resource's OPERATIONS writes one JSON line there after the call:
#
#   {"operation":"Customer.create","line":1,"returned":{...}}
#   {"operation":"Customer.create","line":1,"raised":{"error":{...}},
#    "error":{"class":"InvalidRequestError","status":400,"message":"..."}}
#
# `line` is the line of the call in VINR_SAMPLE_PATH (default: $PROGRAM_NAME), or nil.
require 'json'
require 'vinr'

module Vinr
  module Recorder
    module_function

    # `out`: an IO (e.g. `IO.new(3, 'w', autoclose: false)`) or a path to append to.
    def install(out, sample_path)
      out = File.open(out, 'a') unless out.is_a?(IO)
      out.sync = true
      sample = canonical(sample_path)
      APIResource.resources.each { |resource| resource.singleton_class.prepend(wrapper(resource, out, sample)) }
    end

    # A module whose methods wrap the resource's operations.
    def wrapper(resource, out, sample)
      Module.new do
        resource::OPERATIONS.each do |name|
          operation = "#{resource::RESOURCE}.#{name}"
          define_method(name) do |*args, **kwargs, &block|
            line = Recorder.caller_line(sample)
            begin
              value = super(*args, **kwargs, &block)
            rescue StandardError => e
              Recorder.report(out, operation: operation, line: line, **Recorder.raised(e))
              raise
            end
            Recorder.report(out, operation: operation, line: line, returned: value.respond_to?(:to_h) ? value.to_h : value)
            value
          end
        end
      end
    end

    def report(out, **record) = out.write("#{JSON.generate(record)}\n")

    def raised(err)
      status = err.respond_to?(:http_status) ? err.http_status : nil
      message = err.respond_to?(:user_message) ? err.user_message : err.message
      { raised: err.respond_to?(:json_body) ? err.json_body : nil,
        error: { class: err.class.name.delete_prefix('Vinr::'), status: status, message: message } }
    end

    # Line number of the innermost stack frame that lies in `sample`.
    def caller_line(sample)
      caller_locations.find { |loc| loc.absolute_path && canonical(loc.absolute_path) == sample }&.lineno
    end

    def canonical(path)
      File.realpath(path)
    rescue SystemCallError
      File.expand_path(path)
    end
  end
end

fd, path = ENV.values_at('VINR_RESULT_FD', 'VINR_RESULT_PATH').map { |value| value unless value.to_s.empty? }
if fd || path
  Vinr::Recorder.install(fd ? IO.new(Integer(fd), 'w', autoclose: false) : path,
                         ENV['VINR_SAMPLE_PATH'] || $PROGRAM_NAME)
end
