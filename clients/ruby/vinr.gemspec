# frozen_string_literal: true

# The reference Ruby client's name and version; the docs' "Client libraries" page reads them.
Gem::Specification.new do |spec|
  spec.name = 'vinr'
  spec.version = '0.1.0'
  spec.summary = 'Reference Ruby client for the VINR API, as used by the docs\' ruby.rb samples.'
  spec.authors = ['VINR']
  spec.license = 'Nonstandard'
  spec.required_ruby_version = '>= 3.1'
  spec.files = Dir[File.join(__dir__, 'lib', '**', '*.rb')].map { |f| f.delete_prefix("#{__dir__}/") }
  spec.require_paths = ['lib']
end
