import vinr

try:
    vinr.Customer.modify("cust_8aZ2", default_payment_method="pm_0000")
except vinr.InvalidRequestError as err:
    print(err.http_status, err.code, err.param)
