# frozen_string_literal: true

require 'json'
require 'net/http'
require 'uri'

module Vinr
  # The one place that talks to the API: encode, send with Net::HTTP, decode, raise.
  module HTTP
    module_function

    # Form-encode like the Python client: arrays as `key[]`, hashes as `key[sub]`, booleans as
    # true/false, nil as '' (clears the field). Returns [name, value] pairs.
    def encode(params, prefix = nil)
      params.flat_map do |key, value|
        name = prefix ? "#{prefix}[#{key}]" : key.to_s
        case value
        when Hash then encode(value, name)
        when Array then value.map { |item| ["#{name}[]", item.nil? ? '' : item.to_s] }
        else [[name, value.nil? ? '' : value.to_s]]
        end
      end
    end

    # Send one request; return the decoded JSON body or raise a Vinr::VinrError.
    def request(method, path, params = {}, headers = {})
      key = Vinr.api_key
      unless key && !key.empty?
        raise AuthenticationError, 'No API key provided: set Vinr.api_key or the VINR_SECRET_KEY environment variable.'
      end

      uri = URI(Vinr.api_base.chomp('/') + path)
      pairs = encode(params || {})
      in_query = %w[GET DELETE].include?(method)
      uri.query = URI.encode_www_form(pairs) if in_query && !pairs.empty?
      with_body = !in_query && !pairs.empty?
      req = Net::HTTPGenericRequest.new(method, with_body, true, uri)
      # Like the Python client: a POST without parameters has an empty body and no Content-Type
      # (Net::HTTP would add a form Content-Type to any request that may have a body).
      req['Content-Length'] = '0' if !in_query && pairs.empty?
      req['X-Api-Key'] = key
      req['Accept'] = 'application/json'
      headers.each { |name, value| req[name] = value }
      if with_body
        req['Content-Type'] = 'application/x-www-form-urlencoded'
        req.body = URI.encode_www_form(pairs)
      end
      decode(send_request(uri, req))
    end

    def send_request(uri, req)
      Net::HTTP.start(uri.host, uri.port, use_ssl: uri.scheme == 'https',
                                          open_timeout: Vinr.timeout, read_timeout: Vinr.timeout) do |http|
        http.request(req)
      end
    rescue StandardError => e
      raise APIConnectionError, "Could not reach the VINR API: #{e.message}"
    end

    def decode(response)
      status = response.code.to_i
      headers = response.each_header.to_h
      begin
        body = JSON.parse(response.body.to_s)
      rescue JSON::ParserError
        raise APIError.new("Invalid JSON from the API (HTTP #{status}): #{response.body.to_s[0, 200]}",
                           http_status: status, http_headers: headers)
      end
      raise Vinr.error_for(status, body, headers) if status >= 400

      body
    end
  end
end
