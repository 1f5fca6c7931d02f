import vinr

vinr.api_key = "sk_test_wrong"

try:
    vinr.Customer.list(limit=10)
except vinr.AuthenticationError as err:
    print(err.http_status, err.code, err.param)
