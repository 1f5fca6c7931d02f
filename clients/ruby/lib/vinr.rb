# frozen_string_literal: true

# Reference Ruby client for the VINR API, as used by the docs' ruby.rb samples.
#
#   require 'vinr'
#   customer = Vinr::Customer.create(email: 'jenny@example.com')
#   customer.id           # => "cust_8aZ2"
#   customer[:email]      # => "jenny@example.com"
#
# Same wire format and error semantics as the Python client (src/vinr/): form-encoded bodies
# and GET/DELETE queries (arrays as `key[]`, hashes as `key[sub]`), the key in `X-Api-Key`,
# and a typed Vinr::VinrError carrying the API's error body for every 4xx/5xx reply.
# Standard library only (net/http, json, uri).
module Vinr
  DEFAULT_API_BASE = 'https://api.vinr.com'

  class << self
    attr_writer :api_key, :api_base
    attr_accessor :timeout

    # The secret key: set explicitly, or the VINR_SECRET_KEY environment variable.
    def api_key
      @api_key || ENV['VINR_SECRET_KEY']
    end

    # Where requests go: set explicitly, or VINR_API_BASE, or https://api.vinr.com.
    def api_base
      @api_base || ENV['VINR_API_BASE'] || DEFAULT_API_BASE
    end
  end
  self.timeout = 30
end

require 'vinr/errors'
require 'vinr/vinr_object'
require 'vinr/http'
require 'vinr/api_resource'
require 'vinr/operations'
