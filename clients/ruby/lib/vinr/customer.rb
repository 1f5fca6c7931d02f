# frozen_string_literal: true

module Vinr
  # A buyer shared across payments, subscriptions, invoices and loyalty.
  #
  # Parameters are a Hash (braces optional); per-request options such as the idempotency key are
  # a second Hash: `Customer.create({ email: … }, idempotency_key: 'k')`.
  class Customer < APIResource
    RESOURCE = 'customers'
    PATH = '/v1/customers'
    OPERATIONS = %i[create retrieve update delete list].freeze

    # `POST /v1/customers`: `email` (required), `name`, `phone`.
    def self.create(params = {}, opts = {}) = call('POST', PATH, params, opts)

    # `GET /v1/customers/{id}`; `expand: ['default_payment_method']` embeds that object.
    def self.retrieve(id, params = {}) = call('GET', item_path(id), params)

    # `POST /v1/customers/{id}`: only the fields you pass change.
    def self.update(id, params = {}, opts = {}) = call('POST', item_path(id), params, opts)

    # `DELETE /v1/customers/{id}`; returns `{ "id" => …, "deleted" => true }`.
    def self.delete(id) = call('DELETE', item_path(id))

    # `GET /v1/customers`: `email`, `limit`, `starting_after`, `ending_before`; a ListObject.
    def self.list(params = {}) = call('GET', PATH, params)
  end
end
