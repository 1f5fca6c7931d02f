# frozen_string_literal: true

module Vinr
  # Base class of resources. Subclasses (made from the operations table, vinr/operations.rb) set
  # RESOURCE (e.g. 'Customer') and OPERATIONS (the class methods that call the API; the result
  # recorder wraps them).
  class APIResource < VinrObject
    OPTIONS = %i[idempotency_key].freeze

    class << self
      # Every resource class, for the result recorder.
      def resources = @resources ||= []

      def inherited(subclass)
        super
        APIResource.resources << subclass
      end

      # An operation the table lacks: name the `x-vinr-sdk` that would add it.
      def method_missing(name, *args, &)
        return super if self == APIResource || name.to_s.start_with?('_')

        short = self.name.delete_prefix('Vinr::')
        raise NoMethodError.new("undefined method '#{name}' for #{self.name}: no operation of docs/openapi.yaml has " \
                                "`x-vinr-sdk: {ruby: #{short}.#{name}}`; add it to the operation's x-vinr-sdk " \
                                "(known: #{self::OPERATIONS.join(', ')})", name)
      end

      def respond_to_missing?(name, include_private = false) = super

      private

      # `opts` are per-request options: `idempotency_key:` sends the Idempotency-Key header.
      def call(method, path, params = {}, opts = {})
        unknown = opts.keys.map(&:to_sym) - OPTIONS
        raise ArgumentError, "unknown request option(s): #{unknown.join(', ')} (known: #{OPTIONS.join(', ')})" unless unknown.empty?

        key = opts[:idempotency_key] || opts['idempotency_key']
        headers = key.nil? ? {} : { 'Idempotency-Key' => key.to_s }
        convert(HTTP.request(method, path, params, headers), self)
      end
    end
  end
end
