# frozen_string_literal: true

require 'digest'
require 'json'

module Vinr
  # The resource classes and their methods, none written by hand: each row of the operations
  # table (clients/operations.json, written from the spec's `x-vinr-sdk` by
  # `python -m vinr_docs.sdk` and by every verification run) becomes one class method, e.g.
  # `ruby: Customer.create` → `Vinr::Customer.create(params = {}, opts = {})`. Path parameters
  # are the leading positional arguments, in the order the path names them:
  # `Vinr::Customer.retrieve('cust_1', expand: [...])`, `Vinr::Customer.update(id, params, opts)`.
  module Operations
    TABLE = File.expand_path('../../../operations.json', __dir__)
    SPEC = File.expand_path('../../../../docs/openapi.yaml', __dir__)
    REGENERATE = 'run `python -m vinr_docs.sdk` (any build or `make verify` does it too)'

    module_function

    # [rows, problem]: the table's operations, or [] and why not.
    def load
      table = JSON.parse(File.read(TABLE))
      current = File.file?(SPEC) ? Digest::SHA256.file(SPEC).hexdigest : table['spec_sha256']
      return [[], "the operations table #{TABLE} was made from another openapi.yaml: #{REGENERATE}"] if current != table['spec_sha256']

      [table['operations'], nil]
    rescue SystemCallError, JSON::ParserError => e
      [[], "the operations table #{TABLE} is unreadable (#{e.message}): #{REGENERATE}"]
    end

    def define(row)
      class_name, method = row['ruby'].split('.')
      klass = Vinr.const_defined?(class_name, false) ? Vinr.const_get(class_name, false) : new_resource(class_name)
      klass.const_get(:OPERATIONS) << method.to_sym
      names = row['path_params']
      klass.define_singleton_method(method) do |*args|
        if args.length < names.length
          raise ArgumentError, "Vinr::#{row['ruby']} takes #{names.join(', ')} first (#{row['method']} #{row['path']}), " \
                               "then the parameters; it was given #{args.length} argument(s)"
        end

        path = names.each_with_index.reduce(row['path']) do |built, (name, i)|
          built.sub("{#{name}}", URI.encode_www_form_component(args[i].to_s).gsub('+', '%20'))
        end
        params, opts, *extra = args.drop(names.length)
        raise ArgumentError, "Vinr::#{row['ruby']} was given #{extra.length} argument(s) too many" unless extra.empty?

        call(row['method'], path, params || {}, opts || {})
      end
    end

    def new_resource(class_name)
      klass = Class.new(APIResource)
      klass.const_set(:RESOURCE, class_name) # the recorder's label: `Customer.create`
      klass.const_set(:OPERATIONS, [])
      Vinr.const_set(class_name, klass)
    end
  end

  OPERATIONS_TABLE, OPERATIONS_PROBLEM = Operations.load
  OPERATIONS_TABLE.each { |row| Operations.define(row) }

  # A resource the table lacks: name what to add instead of "uninitialized constant".
  def self.const_missing(name)
    known = APIResource.resources.map { |klass| klass.name.delete_prefix('Vinr::') }
    raise NameError.new("uninitialized constant Vinr::#{name}: " +
                        (OPERATIONS_PROBLEM || "no operation of docs/openapi.yaml has `x-vinr-sdk: {ruby: #{name}.<method>}`; " \
                                               "add it to the operation's x-vinr-sdk (known: #{known.join(', ')})"), name)
  end
end
