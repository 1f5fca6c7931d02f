import vinr

vinr.api_key = "sk_test_wrong"

try:
    vinr.PaymentMethod.retrieve("pm_9bR3")
except vinr.AuthenticationError as err:
    print(err.http_status, err.code, err.param)
