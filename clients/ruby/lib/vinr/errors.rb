# frozen_string_literal: true

module Vinr
  # Base class for every error: `http_status`, `json_body` (the API's error body, or nil),
  # `http_headers`, and the body's error fields `type`, `code`, `param`; `user_message` is the
  # API's message, `message` adds the status and code ("400 (parameter_invalid) phone must…").
  class VinrError < StandardError
    attr_reader :user_message, :http_status, :json_body, :http_headers, :type, :code, :param

    def initialize(message = nil, http_status: nil, json_body: nil, http_headers: {})
      @user_message = message
      @http_status = http_status
      @json_body = json_body
      @http_headers = http_headers
      error = (json_body.is_a?(Hash) && json_body['error'].is_a?(Hash)) ? json_body['error'] : {}
      @type = error['type']
      @code = error['code']
      @param = error['param']
      super([http_status, code && "(#{code})", message].compact.join(' '))
    end
  end

  # 400, 404 or 409: the request was understood but cannot be carried out.
  class InvalidRequestError < VinrError; end
  # 401: the key is missing or wrong (also raised before sending when no key is set).
  class AuthenticationError < VinrError; end
  # 403: the key may not perform this request.
  class PermissionDeniedError < VinrError; end
  # 429: too many requests.
  class RateLimitError < VinrError; end
  # 5xx or an unexpected reply from the API.
  class APIError < VinrError; end
  # The request never got a reply.
  class APIConnectionError < VinrError; end

  ERRORS_BY_STATUS = {
    400 => InvalidRequestError, 401 => AuthenticationError, 403 => PermissionDeniedError,
    404 => InvalidRequestError, 409 => InvalidRequestError, 429 => RateLimitError
  }.freeze

  # The error to raise for an HTTP error reply.
  def self.error_for(status, body, headers = {})
    json_body = body.is_a?(Hash) ? body : nil
    message = json_body&.dig('error', 'message') || "HTTP #{status} with no error message"
    klass = ERRORS_BY_STATUS.fetch(status) { status >= 500 ? APIError : VinrError }
    klass.new(message, http_status: status, json_body: json_body, http_headers: headers)
  end
end
