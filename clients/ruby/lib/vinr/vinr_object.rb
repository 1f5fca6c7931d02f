# frozen_string_literal: true

require 'json'

module Vinr
  # A JSON object from the API: `obj.email == obj[:email] == obj['email']`; nested objects are
  # VinrObjects too; `to_h` / `to_json` give back exactly the JSON the API sent.
  class VinrObject
    # Wrap decoded JSON: top-level objects as `klass`, nested ones as VinrObject.
    def self.convert(value, klass = VinrObject)
      case value
      when Array then value.map { |item| convert(item, klass) }
      when Hash
        return ListObject.new(value.to_h { |k, v| [k, k == 'data' ? convert(v, klass) : convert(v)] }) if value['object'] == 'list'

        klass.new(value.transform_values { |v| convert(v) })
      else value
      end
    end

    def initialize(values = {})
      @values = values.transform_keys(&:to_s)
    end

    def [](key) = @values[key.to_s]
    def key?(key) = @values.key?(key.to_s)
    def keys = @values.keys
    def dig(key, *rest) = rest.empty? ? self[key] : self[key]&.dig(*rest)
    def ==(other) = other.is_a?(VinrObject) ? to_h == other.to_h : to_h == other

    # A plain Hash with string keys (nested objects and lists converted too).
    def to_h
      plain = ->(v) { v.is_a?(VinrObject) ? v.to_h : (v.is_a?(Array) ? v.map(&plain) : v) }
      @values.transform_values(&plain)
    end
    alias to_hash to_h

    def to_json(*args) = to_h.to_json(*args)
    def to_s = JSON.pretty_generate(to_h)

    def inspect
      "#<#{self.class.name}#{" id=#{self['id']}" if key?('id')}> JSON: #{to_s}"
    end

    def method_missing(name, *args)
      key?(name) && args.empty? ? self[name] : super
    end

    def respond_to_missing?(name, include_private = false) = key?(name) || super
  end

  # A page of results: `data` (the objects), `has_more`; iterating it yields the objects.
  class ListObject < VinrObject
    include Enumerable

    def each(&) = (self['data'] || []).each(&)

    # The JSON envelope, as for any object (not Enumerable#to_h, which would pair up the items).
    def to_h = VinrObject.instance_method(:to_h).bind_call(self)
  end
end
