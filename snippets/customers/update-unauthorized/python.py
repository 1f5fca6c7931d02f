import vinr

vinr.api_key = "sk_test_wrong"

try:
    vinr.Customer.modify("cust_8aZ2", email="jenny.rosen@example.com")
except vinr.AuthenticationError as err:
    print(err.http_status, err.code, err.param)
