# frozen_string_literal: true

module Vinr
  # Base class of resources. Subclasses set RESOURCE (e.g. 'customers'), PATH and OPERATIONS
  # (the class methods that call the API; the result recorder wraps them).
  class APIResource < VinrObject
    OPTIONS = %i[idempotency_key].freeze

    class << self
      # Every resource class, for the result recorder.
      def resources = @resources ||= []

      def inherited(subclass)
        super
        APIResource.resources << subclass
      end

      private

      def item_path(id) = "#{self::PATH}/#{URI.encode_www_form_component(id.to_s).gsub('+', '%20')}"

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
